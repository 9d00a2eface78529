/**
 * Security: who may connect (an Aeron {@code Authenticator} in the consensus module) and what each principal may
 * send (an Aeron {@code AuthorisationService} consulted by the clustered service per message).
 * <pre>
 *  client --credentials "role:name:secret"--> consensus module: TableAuthenticator
 *                                               | unknown: session rejected, never opens
 *                                               v known: principal "role:name" on the session
 *  clustered service: RoleAuthorisationService.isAuthorised(schemaId, templateId, principal)
 *                                               | refused: Rejected(UNAUTHORISED), counted, state unchanged
 * </pre>
 */
package io.resilientgateways.aeron.security;
