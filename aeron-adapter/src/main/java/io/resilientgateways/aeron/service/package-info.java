/**
 * The balancer in an Aeron Cluster: SBE protocol, the clustered service component and a ready service.
 * <pre>
 *  gateway / admin --ingress (SBE, schema 21063)--> ClusteredService
 *                                                      |  BalancerServiceComponent
 *                                                      |    IngressDecoder: validate, authorise
 *                                                      |    core.Balancer: decide (deterministic)
 *                                                      |    EgressProxy -> EgressPublisher (queue on back pressure)
 *  gateway <--egress: Open/Close(task, epoch)----------+
 * </pre>
 * See docs/protocol.md and docs/operations.md.
 */
package io.resilientgateways.aeron.service;
