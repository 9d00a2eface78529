/**
 * JMH benchmarks of the strategies against Kafka's CooperativeStickyAssignor and KIP-848 UniformAssignor, and
 * {@link io.resilientgateways.benchmarks.strategies.MovesReport} for moves and balance. Commands and figures:
 * docs/benchmarks.md, section Strategies.
 */
package io.resilientgateways.benchmarks.strategies;
