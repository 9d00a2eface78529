package io.resilientgateways.aeron.client;

/**
 * User code of a gateway: opens and closes tasks (e.g. a counterparty's connection). Called on the client's thread;
 * the client acknowledges to the cluster after the method returns, so return only once the work is done.
 */
public interface GatewayListener
{
    /**
     * Open a task. Present the epoch to the remote side, which should accept only the highest epoch it has seen.
     *
     * @param task  the task.
     * @param epoch its fencing token; a repeat with a higher epoch means "you still own it, under this epoch".
     */
    void onOpen(String task, long epoch);

    /**
     * Close a task: asked by the cluster, on a graceful stop, or when the client fences itself (lease expired).
     *
     * @param task  the task.
     * @param epoch the epoch it was held under.
     */
    void onClose(String task, long epoch);

    /**
     * The cluster accepted the registration.
     *
     * @param resumed true if it resumed the same worker (same tasks and epochs) after a reconnect.
     */
    default void onRegistered(final boolean resumed)
    {
    }

    /**
     * The lease expired or the connection was lost: every task was closed locally; reconnecting.
     */
    default void onFenced()
    {
    }

    /**
     * The cluster refused a request.
     *
     * @param code       {@code core.RejectionCode} value or {@code AdapterRejection} code.
     * @param templateId the refused request's template id.
     * @param text       detail.
     */
    default void onRejected(final int code, final int templateId, final String text)
    {
    }
}
