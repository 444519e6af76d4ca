package io.hyperbee.storage;

/** Sets {@link StoreFile}'s mapping knobs for a test and puts the defaults back. */
final class MappedSettings {
  private static final int DEFAULT_SHIFT = StoreFile.mapChunkShift;
  private static final long DEFAULT_THRESHOLD = StoreFile.mapThreshold;
  private static final boolean DEFAULT_ENABLED = StoreFile.mapEnabled;
  private static final boolean DEFAULT_WRITES = StoreFile.writeMapEnabled;
  private static final int DEFAULT_BUDGET = MappingBudget.limit;

  private MappedSettings() {}

  /** Maps files from {@code threshold} bytes on, in chunks of {@code 2^shift} bytes. */
  static void use(int shift, long threshold) {
    StoreFile.mapChunkShift = shift;
    StoreFile.mapThreshold = threshold;
    StoreFile.mapEnabled = true;
  }

  /** As {@link #use}, with read-only mappings: writes stay positional (the path when write mapping fails). */
  static void useReadOnly(int shift, long threshold) {
    use(shift, threshold);
    StoreFile.writeMapEnabled = false;
  }

  /** Writes positionally, the mapping knobs otherwise unchanged. */
  static void positionalWrites() {
    StoreFile.writeMapEnabled = false;
  }

  static void disable() {
    StoreFile.mapEnabled = false;
  }

  static void reset() {
    StoreFile.mapChunkShift = DEFAULT_SHIFT;
    StoreFile.mapThreshold = DEFAULT_THRESHOLD;
    StoreFile.mapEnabled = DEFAULT_ENABLED;
    StoreFile.writeMapEnabled = DEFAULT_WRITES;
    MappingBudget.limit = DEFAULT_BUDGET;
  }
}
