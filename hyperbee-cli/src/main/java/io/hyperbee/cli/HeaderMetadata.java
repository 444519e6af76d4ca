package io.hyperbee.cli;

/** Header metadata given to {@code init} (either may be null). */
record HeaderMetadata(byte[] contentFeed, byte[] userData) {}
