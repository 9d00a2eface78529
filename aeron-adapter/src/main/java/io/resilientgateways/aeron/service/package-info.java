/**
 * The balancer inside an Aeron Cluster: the clustered service component and a ready service. Everything here runs
 * on the service thread of every replica and is held to the determinism bans (forbiddenapis on this whole package
 * tree).
 * <pre>
 *  gateway / admin --ingress (SBE, schema 21063)--> ClusteredService
 *                                                      |  BalancerServiceComponent
 *                                                      |    IngressAdapter: header, authorise, then decode
 *                                                      |    core.Balancer: decide (deterministic)
 *                                                      |    EgressProxy -> EgressPublisher (queue on back pressure,
 *                                                      |                   drained on log events and background work)
 *  gateway <--egress: Open/Close(seq, task, epoch)-----+
 * </pre>
 * See docs/protocol.md and docs/operations.md.
 */
package io.resilientgateways.aeron.service;
