/**
 * What a user pays for a membership event, through the engine's public inputs, against Kafka's KIP-848
 * UniformAssignor in the same run ({@link io.resilientgateways.benchmarks.strategies.EventBenchmark},
 * {@link io.resilientgateways.benchmarks.strategies.PeerEventBenchmark}, with
 * {@link io.resilientgateways.benchmarks.strategies.EventCosts} for thread CPU time and bytes per moved task and
 * {@link io.resilientgateways.benchmarks.strategies.EventProfile} for where the time goes); the policies' decisions
 * alone ({@link io.resilientgateways.benchmarks.strategies.StrategyBenchmark}); and
 * {@link io.resilientgateways.benchmarks.strategies.MovesReport} for moves and balance. Commands and figures:
 * docs/benchmarks.md.
 * <pre>
 *   EventBenchmark ----> EngineDriver ----> Balancer (public inputs only) + Strategies.sticky()
 *        |                    ^
 *        +-- ChurnPlan -------+----------> PeerEventBenchmark ----> KafkaPeers ----> UniformAssignor
 * </pre>
 */
package io.resilientgateways.benchmarks.strategies;
