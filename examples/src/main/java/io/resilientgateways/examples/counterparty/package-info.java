/**
 * The remote side of the trade-confirmation example: a counterparty that fences connections by epoch and checks
 * confirmation sequences, and the connection a gateway opens to it.
 */
package io.resilientgateways.examples.counterparty;
