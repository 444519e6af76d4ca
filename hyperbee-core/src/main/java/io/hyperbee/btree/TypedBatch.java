package io.hyperbee.btree;

/**
 * A {@link Batch} through a {@link TypedBee}'s codecs: the same atomic append on {@link #flush()},
 * the same locking; reads see the batch's pending writes, decoded.
 */
public final class TypedBatch<K, V> implements AutoCloseable {
  private final TypedBee<K, V> typed;
  private final Batch batch;

  TypedBatch(TypedBee<K, V> typed, Batch batch) {
    this.typed = typed;
    this.batch = batch;
  }

  /** The underlying byte-level batch. */
  public Batch batch() {
    return batch;
  }

  public void put(K key, V value) {
    batch.put(typed.encodeKey(key), typed.encodeValue(value));
  }

  public boolean put(K key, V value, TypedCas<K, V> cas) {
    return batch.put(typed.encodeKey(key), typed.encodeValue(value), typed.cas(cas));
  }

  public void del(K key) {
    batch.del(typed.encodeKey(key));
  }

  public boolean del(K key, TypedCas<K, V> cas) {
    return batch.del(typed.encodeKey(key), typed.cas(cas));
  }

  public TypedEntry<K, V> get(K key) {
    return typed.decode(batch.get(typed.encodeKey(key)));
  }

  public TypedEntry<K, V> peek(KeyRange range) {
    return typed.decode(batch.peek(range));
  }

  public BeeIterator<TypedEntry<K, V>> range(KeyRange range) {
    return TypedBee.map(batch.range(range), typed::decode);
  }

  public long version() {
    return batch.version();
  }

  public void flush() {
    batch.flush();
  }

  @Override
  public void close() {
    batch.close();
  }
}
