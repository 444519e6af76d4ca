package io.hyperbee.btree;

/**
 * The optional metadata of a bee's header block (JS {@code metadata: {contentFeed, userData}}).
 * Either field may be null (absent). Arrays are not copied; callers must not modify them.
 */
public record Metadata(byte[] contentFeed, byte[] userData) {}
