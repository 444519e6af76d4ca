package io.hyperbee.storage;

/**
 * Turns {@link StoreFile}'s writes through memory mappings off and on for tests in other packages
 * that compare the stores' byte counts with the sizes of their open files (a write-mapped file's
 * size on disk includes the zero tail of its pre-extension until it is closed).
 */
public final class WriteMappings {
  private static final boolean DEFAULT = StoreFile.writeMapEnabled;

  private WriteMappings() {}

  /** Stores opened from now on write positionally. */
  public static void off() {
    StoreFile.writeMapEnabled = false;
  }

  /** Back to the default. */
  public static void reset() {
    StoreFile.writeMapEnabled = DEFAULT;
  }
}
