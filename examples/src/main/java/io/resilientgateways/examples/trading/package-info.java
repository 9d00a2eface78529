/**
 * The trading core of the example: a team's own clustered service embedding the balancer
 * ({@link io.resilientgateways.examples.trading.TradingClusteredService}), its deterministic logic
 * ({@link io.resilientgateways.examples.trading.TradingDesk}, {@link io.resilientgateways.examples.trading.ConfirmationBook})
 * and a trade-entry client ({@link io.resilientgateways.examples.trading.TradeEntry}).
 */
package io.resilientgateways.examples.trading;
