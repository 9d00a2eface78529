/**
 * The strategy lab: replays a membership history through strategies inside the real engine and reports the
 * trade-offs (moves, flapping, balance, pending, dark time, epochs, settling, decision time).
 * <pre>
 *   trace (JSON lines) --&gt; Lab.run --&gt; for each Contender: Replay (a Balancer + simulated workers on one queue)
 *                                         |-- trace events at their times
 *                                         |-- open/close acks after seeded delays
 *                                         '-- the engine's timers
 *                      --&gt; LabReport --&gt; Reports (table, JSON, CSV), HtmlReport (uPlot inlined)
 * </pre>
 * {@link io.resilientgateways.lab.LabCommand} is the command line. Nothing here runs inside a cluster.
 */
package io.resilientgateways.lab;
