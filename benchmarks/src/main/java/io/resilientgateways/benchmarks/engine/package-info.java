/**
 * JMH benchmarks and a footprint measurement of the engine; figures in docs/benchmarks.md.
 */
package io.resilientgateways.benchmarks.engine;
