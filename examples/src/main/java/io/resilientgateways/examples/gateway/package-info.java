/**
 * The API gateway of the trade-confirmation example: a gateway client whose user code holds one counterparty
 * connection per party ({@link io.resilientgateways.examples.gateway.PartyLinks}), as its own process
 * ({@link io.resilientgateways.examples.gateway.ApiGateway}).
 */
package io.resilientgateways.examples.gateway;
