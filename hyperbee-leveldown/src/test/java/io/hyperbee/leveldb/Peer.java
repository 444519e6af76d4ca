package io.hyperbee.leveldb;

import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DBFactory;
import org.iq80.leveldb.impl.Iq80DBFactory;

/**
 * The three {@link DBFactory} implementations the conformance suite compares. The factory is looked
 * up lazily so that a leveldbjni native library that cannot load fails the JNI cases (with the
 * loader's error) instead of the whole enum; nothing falls back to another implementation.
 */
enum Peer {
  IQ80,
  JNI,
  HYPERBEE;

  DBFactory factory() {
    return switch (this) {
      case IQ80 -> Iq80DBFactory.factory;
      case JNI -> JniDBFactory.factory;
      case HYPERBEE -> HyperbeeDBFactory.factory;
    };
  }

  /** True for the implementations that support reverse iteration (iq80 0.12 does not). */
  boolean reversible() {
    return this != IQ80;
  }

  /** True where a failure is reported as leveldbjni does it (Hyperbee follows leveldbjni). */
  boolean jniLike() {
    return this != IQ80;
  }
}
