/**
 * The service provider interfaces: the policy SPI ({@link io.resilientgateways.core.spi.RebalancePolicy} over a
 * read-only {@link io.resilientgateways.core.spi.ClusterView}) and the cluster adapter SPI
 * ({@link io.resilientgateways.core.spi.DirectiveSink}, {@link io.resilientgateways.core.spi.Timers}; snapshots are
 * bytes from {@link io.resilientgateways.core.Balancer#snapshot()}).
 */
package io.resilientgateways.core.spi;
