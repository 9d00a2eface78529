/**
 * Rebalance policies behind {@link io.resilientgateways.core.spi.RebalancePolicy}, made by
 * {@link io.resilientgateways.strategies.Strategies}.
 * <pre>
 *   engine (core)                         policy (this package)
 *   -------------                         ---------------------
 *   task added / owner gone  --allocate(task, view)-->  worker or null
 *   membership changed       --rebalance(view, max)-->  [move task -> worker, ...]
 *   applies each move as close -> close ack -> open, at most max per round,
 *   checks capabilities, holds a departed worker's tasks during its grace period.
 * </pre>
 * Every policy here is deterministic: no clock, no randomness, no hash-order iteration (the build enforces the
 * first two), and every ordering ends on a worker or task id. Grace periods are the engine's: a departed worker's
 * RESERVED tasks count toward its load, and it is not among the view's eligible workers, so policies leave them be.
 * The artifact {@code resilient-gateways-testkit} holds {@code RebalancePolicyContract}, the contract every policy
 * here passes and a test kit for policies of your own.
 */
package io.resilientgateways.strategies;
