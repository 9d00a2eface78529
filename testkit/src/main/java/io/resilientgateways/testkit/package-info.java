/**
 * The contract test kit for {@link io.resilientgateways.core.spi.RebalancePolicy} implementations, the artifact
 * {@code io.resilientgateways:resilient-gateways-testkit} (declare it with {@code <scope>test</scope>}; it brings jqwik,
 * JUnit Jupiter and AssertJ). Subclass {@link io.resilientgateways.testkit.RebalancePolicyContract}.
 * <pre>
 *   Scenario (seeded history) --apply--> EngineHarness (real Balancer, obedient workers)
 *                                             |  allocate / rebalance
 *                                             v
 *                                        CheckingPolicy --> the policy under test
 *   PlannedState: one state built from its inputs in two orders; the policy must answer both alike.
 * </pre>
 */
package io.resilientgateways.testkit;
