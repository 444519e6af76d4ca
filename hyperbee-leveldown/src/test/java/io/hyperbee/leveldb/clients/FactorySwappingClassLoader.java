package io.hyperbee.leveldb.clients;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Runs a client's compiled code with its factory line swapped: the classes of the given packages are
 * defined here, child-first, from the same class files, with every reference to leveldbjni's {@code
 * JniDBFactory} in their constant pools renamed to {@link SwappedJniDBFactory}. Nothing else of the
 * client changes (its catch clauses still name leveldbjni's {@code NativeDB.DBException}, and
 * everything outside the packages comes from the parent loader).
 */
final class FactorySwappingClassLoader extends ClassLoader {
  private static final String JNI_FACTORY = "org/fusesource/leveldbjni/JniDBFactory";
  private static final String SWAPPED = SwappedJniDBFactory.class.getName().replace('.', '/');

  // constant pool tags (JVMS 4.4)
  private static final int UTF8 = 1;
  private static final int LONG = 5;
  private static final int DOUBLE = 6;

  private final List<String> packagePrefixes;

  FactorySwappingClassLoader(ClassLoader parent, List<String> packagePrefixes) {
    super("factory-swapping", parent);
    this.packagePrefixes = List.copyOf(packagePrefixes);
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (packagePrefixes.stream().noneMatch(name::startsWith)) {
      return super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> c = findLoadedClass(name);
      if (c == null) {
        byte[] swapped = swap(classFile(name));
        c = defineClass(name, swapped, 0, swapped.length);
      }
      if (resolve) {
        resolveClass(c);
      }
      return c;
    }
  }

  private byte[] classFile(String name) throws ClassNotFoundException {
    try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
      if (in == null) {
        throw new ClassNotFoundException(name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new ClassNotFoundException(name, e);
    }
  }

  /** Copies the class file, renaming JniDBFactory in every UTF-8 constant that names it. */
  static byte[] swap(byte[] classFile) {
    try {
      DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(classFile));
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(classFile.length + 64);
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(in.readInt()); // magic
      out.writeInt(in.readInt()); // minor, major
      int count = in.readUnsignedShort();
      out.writeShort(count);
      for (int i = 1; i < count; i++) {
        int tag = in.readUnsignedByte();
        out.writeByte(tag);
        if (tag == UTF8) {
          out.writeUTF(rename(in.readUTF()));
        } else {
          out.write(in.readNBytes(constantSize(tag)));
          if (tag == LONG || tag == DOUBLE) {
            i++; // takes two slots
          }
        }
      }
      in.transferTo(out); // the rest refers to constants by index only
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalArgumentException("not a class file", e);
    }
  }

  private static String rename(String utf8) {
    if (utf8.equals(JNI_FACTORY)) {
      return SWAPPED; // the class constant
    }
    return utf8.replace("L" + JNI_FACTORY + ";", "L" + SWAPPED + ";"); // descriptors
  }

  private static int constantSize(int tag) {
    return switch (tag) {
      case 7, 8, 16, 19, 20 -> 2; // Class, String, MethodType, Module, Package
      case 15 -> 3; // MethodHandle
      case 3, 4, 9, 10, 11, 12, 17, 18 -> 4; // Integer, Float, refs, NameAndType, (Invoke)Dynamic
      case LONG, DOUBLE -> 8;
      default -> throw new IllegalArgumentException("unknown constant pool tag " + tag);
    };
  }
}
