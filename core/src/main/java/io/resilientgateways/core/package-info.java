/**
 * The deterministic model and engine.
 * <pre>
 *   inputs (each with cluster time)                      outputs
 *   ---------------------------------                   ------------------------------
 *   registerWorker / workerLeft / drainWorker  --+      DirectiveSink.open(w, t, epoch)
 *   workerDetached / workerReattached            |
 *   addTask / removeTask / moveTask              |-->   DirectiveSink.close(w, t, epoch)
 *   taskOpened / taskClosed (acks, with epoch)   |      Timers.schedule / cancel
 *   taskReleased (hand a task back, with epoch)  |
 *   onTimer                                    --+      Result (accepted | RejectionCode)
 *                         |
 *                     Balancer  ---- asks ---->  RebalancePolicy (allocate one, rebalance some)
 *                         |
 *                     snapshot() bytes  /  Balancer.restore(...)
 *                     BalancerQueries (copies: Assignment, WorkerInfo, TaskInfo, Transition)
 *
 *   inside: EngineState (the state, the one clock)  Reconciler (every grant, move, close, allocation, removal)
 *           TimerRegistry (timer ids -> owners)      HandoffTracker, ReleaseBackoff, RebalanceRounds (narrow seams)
 * </pre>
 * {@link io.resilientgateways.core.Balancer} owns the protocol (revoke before assign, epochs, grace periods,
 * capability checks, limits); a {@link io.resilientgateways.core.spi.RebalancePolicy} only proposes targets. Nothing
 * here reads a clock or uses randomness; the build forbids it.
 */
package io.resilientgateways.core;
