/**
 * Test-only access to the interop vectors: files produced by the real JS packages (hyperbee
 * 2.27.3, hypercore 11.36.1) by {@code interop/generate.js} and kept under the classpath folder
 * {@code vectors/}. {@link io.hyperbee.interop.Vectors} lists and loads them; the records
 * ({@link io.hyperbee.interop.VectorFile}, {@link io.hyperbee.interop.Scenario},
 * {@link io.hyperbee.interop.Op}, {@link io.hyperbee.interop.Step}) hold the parsed content with
 * keys, values and results already turned into the bytes JS stored or returned. Everything here
 * is immutable once loaded and safe to share between threads; malformed files raise
 * {@link java.lang.IllegalStateException} naming the file and the field.
 */
package io.hyperbee.interop;
