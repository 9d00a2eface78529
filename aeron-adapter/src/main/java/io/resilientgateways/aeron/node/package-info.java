/**
 * Running cluster members: {@link io.resilientgateways.aeron.node.BalancerNode} (one member) and
 * {@link io.resilientgateways.aeron.node.LocalCluster} (several in one JVM, for tests, benchmarks and demos).
 */
package io.resilientgateways.aeron.node;
