package io.hyperbee.btree;

/**
 * Where a range read stands, as JS's {@code RangeIterator.snapshot()}: the version it reads, its
 * bounds in stored form (only one of {@code gte}/{@code gt} and of {@code lte}/{@code lt} is set,
 * or neither), the entries still allowed ({@code -1}: no limit), the direction, and the
 * {@code checkpoint}: one (node block seq, node offset, next slot) triple per frame of its stack,
 * from which a peer resumes the walk. Arrays are the caller's: not copied, not to be modified.
 */
public record RangeSnapshot(
    long version, byte[] gte, byte[] gt, byte[] lte, byte[] lt, long limit, boolean reverse,
    long[] checkpoint) {}
