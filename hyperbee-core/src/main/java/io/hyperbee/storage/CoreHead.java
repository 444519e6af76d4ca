package io.hyperbee.storage;

/**
 * The signed state of a core: fork id, length, total byte length, tree hash and the signature
 * container over them (null while the core is empty). A writer that defers signing stores its
 * heads with neither tree hash nor signature until it signs (see {@code Hypercore}). Arrays are
 * owned by the record.
 */
public record CoreHead(long fork, long length, long byteLength, byte[] treeHash, byte[] signature) {}
