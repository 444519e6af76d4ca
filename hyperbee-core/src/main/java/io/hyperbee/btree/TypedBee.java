package io.hyperbee.btree;

import static java.util.Objects.requireNonNull;

import io.hyperbee.encoding.Codec;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A typed view of a {@link Hyperbee} (JS {@code keyEncoding}/{@code valueEncoding}): keys and
 * values go through codecs, bytes on disk are exactly what the bee stores. Every read and write
 * of the bee is here, typed; ranges are given as {@link KeyRange}s of encoded bounds ({@link
 * #encodeKey}, or {@link #range(Object, Object)}); entries come back decoded. Thread-safe as the
 * bee is.
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

  public Codec<K> keyCodec() {
    return keys;
  }

  public Codec<V> valueCodec() {
    return values;
  }

  public byte[] encodeKey(K key) {
    return keys.encode(requireNonNull(key, "key is null"));
  }

  /** The stored bytes of {@code value}; null stays null (a put without a value). */
  public byte[] encodeValue(V value) {
    return value == null ? null : values.encode(value);
  }

  /** The keys from {@code gte} (inclusive) to {@code lt} (exclusive), either null for no bound. */
  public KeyRange range(K gte, K lt) {
    KeyRange r = KeyRange.all();
    r = gte == null ? r : r.gte(encodeKey(gte));
    return lt == null ? r : r.lt(encodeKey(lt));
  }

  public long version() {
    return bee.version();
  }

  public TypedEntry<K, V> get(K key) {
    return decode(bee.get(encodeKey(key)));
  }

  /** The entry stored in block {@code seq} (JS {@code getBySeq}), decoded. */
  public TypedEntry<K, V> getBySeq(long seq) {
    return decode(bee.getBySeq(seq));
  }

  /** First entry of {@code range} (honouring reverse), or null. */
  public TypedEntry<K, V> peek(KeyRange range) {
    return decode(bee.peek(range));
  }

  /** Puts {@code value} (null = a put without value). */
  public void put(K key, V value) {
    bee.put(encodeKey(key), encodeValue(value));
  }

  /** Put only if {@code cas} accepts the decoded (prev, next); returns whether it wrote. */
  public boolean put(K key, V value, TypedCas<K, V> cas) {
    return bee.put(encodeKey(key), encodeValue(value), cas(cas));
  }

  public void del(K key) {
    bee.del(encodeKey(key));
  }

  /** Delete only if {@code cas} accepts the decoded (prev, next); returns whether it wrote. */
  public boolean del(K key, TypedCas<K, V> cas) {
    return bee.del(encodeKey(key), cas(cas));
  }

  public BeeIterator<TypedEntry<K, V>> range(KeyRange range) {
    return map(bee.range(range), this::decode);
  }

  /** A typed batch: one atomic append of all its writes on flush. */
  public TypedBatch<K, V> batch() {
    return new TypedBatch<>(this, bee.batch());
  }

  /** JS {@code createDiffStream(otherVersion, range)}, decoded: left = this, right = the other. */
  public BeeIterator<TypedDiffEntry<K, V>> diff(long otherVersion, KeyRange range) {
    return map(bee.diff(otherVersion, range), this::decode);
  }

  /** JS {@code createDiffStream(other, range)}, each side decoded by its own bee's codecs. */
  public BeeIterator<TypedDiffEntry<K, V>> diff(TypedBee<K, V> other, KeyRange range) {
    requireNonNull(other, "other is null");
    return map(bee.diff(other.bee, range),
        d -> new TypedDiffEntry<>(decode(d.left()), other.decode(d.right())));
  }

  /** JS {@code createHistoryStream}, decoded (see {@link Hyperbee#history}). */
  public BeeIterator<TypedHistoryEntry<K, V>> history(HistoryRange range) {
    return map(bee.history(range), h -> new TypedHistoryEntry<>(
        h.type(), h.seq(), keys.decode(h.key()), h.value() == null ? null : values.decode(h.value())));
  }

  /** A typed sub with the same codecs; {@code name} is stored as UTF-8 (JS {@code b4a.from}). */
  public TypedBee<K, V> sub(String name) {
    return sub(name, keys, values);
  }

  /** A typed sub with codecs of its own (JS {@code sub(name, {keyEncoding, valueEncoding})}). */
  public <K2, V2> TypedBee<K2, V2> sub(String name, Codec<K2> keyCodec, Codec<V2> valueCodec) {
    requireNonNull(name, "name is null");
    return new TypedBee<>(bee.sub(name.getBytes(StandardCharsets.UTF_8)), keyCodec, valueCodec);
  }

  /** A read-only typed view fixed at {@code version}. */
  public TypedBee<K, V> checkout(long version) {
    return new TypedBee<>(bee.checkout(version), keys, values);
  }

  /** A read-only typed view fixed at the current version. */
  public TypedBee<K, V> snapshot() {
    return new TypedBee<>(bee.snapshot(), keys, values);
  }

  /**
   * Watches {@code range} (JS {@code bee.watch} on a bee with encodings): each change carries
   * typed snapshots (the underlying snapshots are in {@link Watcher.Change#currentSnapshot()}).
   */
  public Watcher<TypedBee<K, V>> watch(KeyRange range) {
    return bee.watch(range, WatchOptions.defaults().map(s -> new TypedBee<>(s, keys, values)));
  }

  /** As {@link #watch(KeyRange)}, each change given to {@code onchange} on the watcher's thread. */
  public Watcher<TypedBee<K, V>> watch(KeyRange range, Consumer<Watcher.Change<TypedBee<K, V>>> onchange) {
    requireNonNull(onchange, "onchange is null");
    return bee.watch(range, WatchOptions.defaults()
        .map(s -> new TypedBee<>(s, keys, values))
        .onchange(onchange));
  }

  /** The decoded entry of {@code key}, kept up to date (JS {@code getAndWatch}); see {@link EntryWatcher}. */
  public EntryWatcher<TypedEntry<K, V>> getAndWatch(K key) {
    return getAndWatch(key, null);
  }

  /** As {@link #getAndWatch(Object)}, each update given to {@code onupdate} on its own thread. */
  public EntryWatcher<TypedEntry<K, V>> getAndWatch(K key, Consumer<TypedEntry<K, V>> onupdate) {
    return bee.getAndWatch(encodeKey(key), this::decode, onupdate);
  }

  public TypedEntry<K, V> decode(Entry e) {
    if (e == null) {
      return null;
    }
    return new TypedEntry<>(
        e.seq(), keys.decode(e.key()), e.value() == null ? null : values.decode(e.value()));
  }

  private TypedDiffEntry<K, V> decode(DiffEntry d) {
    return new TypedDiffEntry<>(decode(d.left()), decode(d.right()));
  }

  Cas cas(TypedCas<K, V> cas) {
    return cas == null ? null : (prev, next) -> cas.test(decode(prev), decode(next));
  }

  static <A, B> BeeIterator<B> map(BeeIterator<A> it, Function<A, B> f) {
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
