package io.hyperbee.leveldb;

import java.io.IOException;
import java.lang.reflect.Constructor;

/**
 * Failures of open, destroy and repair as leveldbjni reports them, so that code written for {@code
 * JniDBFactory} keeps working: the message is LevelDB's {@code Status::ToString()} ({@code
 * "Invalid argument: "}, {@code "IO error: "} or {@code "Corruption: "}, the subject, {@code ": "}
 * and the detail), and the exception is leveldbjni's {@code NativeDB.DBException} (an IOException
 * with {@code isNotFound()} false, as every open failure of leveldbjni 1.8 is) whenever leveldbjni
 * is on the class path. Hadoop's and Spark's state stores catch exactly that type and recreate the
 * database when the message contains {@code " does not exist "}.
 *
 * <p>leveldbjni is not a compile or runtime dependency: its jar carries its own copy of the
 * org.iq80.leveldb 0.6 API classes and 1 MB of native libraries, and a client that catches its
 * exception has it already. Its exception's constructor is package-private, so it is called
 * reflectively; loading that nested class neither loads nor needs the native library. Without
 * leveldbjni (or where it cannot be reached) the failure is a plain IOException with the same
 * message.
 */
final class LevelDbStatus {
  private static final String JNI_EXCEPTION =
      "org.fusesource.leveldbjni.internal.NativeDB$DBException";

  /** leveldbjni's exception constructor {@code (String message, boolean notFound)}, or null. */
  private static final Constructor<? extends IOException> JNI_CONSTRUCTOR = findJniConstructor();

  private LevelDbStatus() {}

  /** {@code Status::InvalidArgument(subject, detail)}: e.g. a missing database. */
  static IOException invalidArgument(Object subject, String detail) {
    return exception("Invalid argument: " + subject + ": " + detail, null);
  }

  /** {@code Status::IOError(subject, detail)}: a file that cannot be used. */
  static IOException ioError(Object subject, String detail, Throwable cause) {
    return exception("IO error: " + subject + ": " + detail, cause);
  }

  /** {@code Status::Corruption(detail)}: stored data that does not read back or verify. */
  static IOException corruption(String detail, Throwable cause) {
    return exception("Corruption: " + detail, cause);
  }

  /** True when failures are thrown as leveldbjni's own exception type. */
  static boolean throwsJniType() {
    return JNI_CONSTRUCTOR != null;
  }

  private static IOException exception(String message, Throwable cause) {
    IOException e = null;
    if (JNI_CONSTRUCTOR != null) {
      try {
        e = JNI_CONSTRUCTOR.newInstance(message, false);
      } catch (ReflectiveOperationException | RuntimeException | LinkageError unusable) {
        e = null; // never happens once the constructor was found; the plain type still says why
      }
    }
    if (e == null) {
      e = new IOException(message);
    }
    if (cause != null) {
      e.initCause(cause);
    }
    return e;
  }

  private static Constructor<? extends IOException> findJniConstructor() {
    try {
      Class<?> type =
          Class.forName(JNI_EXCEPTION, false, LevelDbStatus.class.getClassLoader());
      if (!IOException.class.isAssignableFrom(type)) {
        return null;
      }
      Constructor<? extends IOException> constructor =
          type.asSubclass(IOException.class).getDeclaredConstructor(String.class, boolean.class);
      constructor.setAccessible(true);
      return constructor;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError absent) {
      return null; // no leveldbjni here, or a module that does not open it: plain IOExceptions
    }
  }
}
