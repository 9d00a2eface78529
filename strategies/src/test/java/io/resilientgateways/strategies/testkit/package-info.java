/**
 * The contract test kit for {@link io.resilientgateways.core.spi.RebalancePolicy} implementations, shipped in the
 * strategies test-jar. Subclass {@link io.resilientgateways.strategies.testkit.RebalancePolicyContract}.
 * <pre>
 *   Scenario (seeded history) --apply--> EngineHarness (real Balancer, obedient workers)
 *                                             |  allocate / rebalance
 *                                             v
 *                                        CheckingPolicy --> the policy under test
 *   PlannedState: one state built from its inputs in two orders; the policy must answer both alike.
 * </pre>
 */
package io.resilientgateways.strategies.testkit;
