package io.hyperbee.leveldb.clients;

import io.hyperbee.leveldb.HyperbeeDBFactory;
import java.io.File;
import java.io.IOException;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBFactory;
import org.iq80.leveldb.Options;

/**
 * What a client's {@code JniDBFactory.factory} line becomes when it is swapped for Hyperbee: the
 * same shape (a public static {@code factory} field and the DBFactory methods), delegating to
 * {@link HyperbeeDBFactory}. {@link FactorySwappingClassLoader} points the client's compiled
 * references here.
 */
public final class SwappedJniDBFactory implements DBFactory {
  public static final SwappedJniDBFactory factory = new SwappedJniDBFactory();

  private SwappedJniDBFactory() {}

  @Override
  public DB open(File path, Options options) throws IOException {
    return HyperbeeDBFactory.factory.open(path, options);
  }

  @Override
  public void destroy(File path, Options options) throws IOException {
    HyperbeeDBFactory.factory.destroy(path, options);
  }

  @Override
  public void repair(File path, Options options) throws IOException {
    HyperbeeDBFactory.factory.repair(path, options);
  }
}
