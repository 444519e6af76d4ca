package io.hyperbee.storage;

/**
 * The signed state of a core: fork id, length, total byte length, tree hash and the signature
 * container over them (null while the core is empty). Arrays are owned by the record.
 */
public record CoreHead(long fork, long length, long byteLength, byte[] treeHash, byte[] signature) {}
