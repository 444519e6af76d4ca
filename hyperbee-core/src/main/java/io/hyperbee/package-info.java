/**
 * Hyperbee for Java. The root package holds only the project exception and its error codes; the
 * layers live in sub-packages whose dependencies point down the data path: {@code encoding} and
 * {@code crypto} at the bottom, then {@code merkle}, {@code storage}, {@code log} (Hypercore) and
 * {@code btree} (Hyperbee).
 */
package io.hyperbee;
