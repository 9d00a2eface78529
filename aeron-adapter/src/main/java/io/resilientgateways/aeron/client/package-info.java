/**
 * Clients: {@link io.resilientgateways.aeron.client.GatewayClient} (register, heartbeat, lease fencing, resync,
 * open/close callbacks and acks) and {@link io.resilientgateways.aeron.client.AdminClient} (admin commands).
 */
package io.resilientgateways.aeron.client;
