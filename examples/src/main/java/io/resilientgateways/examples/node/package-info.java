/**
 * A trading cluster member as its own process, for the multi-process mode ({@code scripts/cluster-node.sh}).
 */
package io.resilientgateways.examples.node;
