package io.hyperbee.btree;

import static java.util.Objects.requireNonNull;

import io.hyperbee.encoding.Codec;
import java.util.function.Function;

/**
 * A typed view of a {@link Hyperbee} (JS {@code keyEncoding}/{@code valueEncoding}): keys and
 * values go through codecs, bytes on disk are exactly what the bee stores. Ranges are given as
 * {@link KeyRange}s of encoded bounds ({@link #encodeKey}); entries come back decoded. Thread-safe
 * as the bee is.
 */
public final class TypedBee<K, V> {
  private final Hyperbee bee;
  private final Codec<K> keys;
  private final Codec<V> values;

  TypedBee(Hyperbee bee, Codec<K> keys, Codec<V> values) {
    this.bee = requireNonNull(bee, "bee is null");
    this.keys = requireNonNull(keys, "keyCodec is null");
    this.values = requireNonNull(values, "valueCodec is null");
  }

  /** The underlying byte-level bee. */
  public Hyperbee bee() {
    return bee;
  }

  public byte[] encodeKey(K key) {
    return keys.encode(requireNonNull(key, "key is null"));
  }

  public TypedEntry<K, V> get(K key) {
    return decode(bee.get(encodeKey(key)));
  }

  /** Puts {@code value} (null = a put without value). */
  public void put(K key, V value) {
    bee.put(encodeKey(key), value == null ? null : values.encode(value));
  }

  public boolean put(K key, V value, Cas cas) {
    return bee.put(encodeKey(key), value == null ? null : values.encode(value), cas);
  }

  public void del(K key) {
    bee.del(encodeKey(key));
  }

  public BeeIterator<TypedEntry<K, V>> range(KeyRange range) {
    return map(bee.range(range), this::decode);
  }

  public TypedEntry<K, V> decode(Entry e) {
    if (e == null) {
      return null;
    }
    return new TypedEntry<>(
        e.seq(), keys.decode(e.key()), e.value() == null ? null : values.decode(e.value()));
  }

  private static <A, B> BeeIterator<B> map(BeeIterator<A> it, Function<A, B> f) {
    return new BeeIterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public B next() {
        return f.apply(it.next());
      }

      @Override
      public void close() {
        it.close();
      }
    };
  }
}
