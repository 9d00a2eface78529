/**
 * Clients: {@link io.resilientgateways.aeron.client.GatewayClient} (connection, register, heartbeat, lease fencing,
 * resync, asynchronous opens through {@link io.resilientgateways.aeron.client.OpenCompletion}, acks; its protocol
 * state machine is the package-private {@code GatewaySession}) and
 * {@link io.resilientgateways.aeron.client.AdminClient} (admin commands).
 */
package io.resilientgateways.aeron.client;
