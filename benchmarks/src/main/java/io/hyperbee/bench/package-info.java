/**
 * JMH benchmarks. Run with {@code java -jar benchmarks/target/benchmarks.jar <pattern>} after
 * {@code mvn -pl benchmarks -am package -DskipTests}.
 */
package io.hyperbee.bench;
