/**
 * Time for the cluster members: {@link io.resilientgateways.aeron.time.MonotonicClusterClock}, a cluster clock
 * that a wall-clock step cannot move, so session timeouts on the leader keep pace with the gateways' leases. See
 * docs/operations.md ("Clocks").
 */
package io.resilientgateways.aeron.time;
