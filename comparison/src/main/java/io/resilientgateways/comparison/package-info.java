/**
 * The same fault scenarios on this project (the trade-confirmation example's processes) and on per-party ZooKeeper
 * locks (one Curator {@code LeaderLatch} per party), judged by the example's counterparty. A measuring harness, not
 * a library; see docs/comparison.md.
 * <pre>
 *   CompareMain --(flock, one JVM per side and timeout)--> ScenarioSession
 *       ScenarioSession: Referee (CounterpartySimulator + 2 ms holder sampler, HolderLog)
 *                        Side = OurSide  : 3 x TradingNode, TradeEntryMain, 3 x ApiGateway   (child JVMs)
 *                             | LockSide : ZkEnsembleMain (3 ZooKeeper servers), 3 x LockGateway (child JVMs)
 *       scenarios: staggered starts, resources, SIGSTOP/SIGCONT, rolling restart, SIGKILL
 * </pre>
 */
package io.resilientgateways.comparison;
