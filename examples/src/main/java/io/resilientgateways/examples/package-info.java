/**
 * Worked examples: the demo the README's first command runs, and (coming) the trade-confirmation flow on a real
 * Aeron Cluster.
 */
package io.resilientgateways.examples;
