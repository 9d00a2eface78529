/**
 * Worked examples: the demo the README's first command runs ({@link io.resilientgateways.examples.Demo}), the
 * trade-confirmation flow on a real Aeron Cluster ({@link io.resilientgateways.examples.TradeConfirmationDemo}) and
 * the simulated engine-only run.
 * <pre>
 *   trade entry --BookTrade--> [ cluster: TradingClusteredService = BalancerServiceComponent + TradingDesk ]
 *                                   | Open/Close (who holds which party)   | Confirmation(epoch, seq)
 *                                   v                                      v
 *                              API gateway (GatewayClient + PartyLinks) --TCP, epoch--> counterparty
 *                                   ^-- PartyConnected(lastSeq), ConfirmationAcked ----------'
 * </pre>
 */
package io.resilientgateways.examples;
