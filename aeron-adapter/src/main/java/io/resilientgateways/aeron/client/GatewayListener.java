package io.resilientgateways.aeron.client;

import org.agrona.DirectBuffer;

/**
 * User code of a gateway: opens and closes tasks (e.g. a counterparty's connection). Called on the client's thread;
 * the client acknowledges to the cluster after the method returns, so return only once the work is done.
 * <p>
 * The optional hooks let a gateway carry its own application protocol over the same cluster session: messages of
 * other SBE schemas arrive in {@link #onApplicationMessage}, and {@link #onDutyCycle} runs on every cycle of the
 * client's thread, where user code may drain queues filled by its own threads and send with
 * {@link GatewayClient#offer}.
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
     * Open a task, saying whether it worked. The client acknowledges the open (and records the task as held) only
     * when this returns true. Return false when the task cannot be opened under this epoch, e.g. because the remote
     * side refused it as stale or the connect keeps failing: the client then releases it ({@code TaskReleased}), and
     * the cluster places it on another worker, not on this one again for its release backoff; if no other worker
     * can run it, it waits out the backoff and comes back here. A close for a task refused here is acknowledged
     * without calling {@link #onClose}. To give back a task that was open and broke later, see
     * {@link GatewayClient#release}.
     * <p>
     * The default calls {@link #onOpen} and returns true.
     *
     * @param task  the task.
     * @param epoch its fencing token.
     * @return true if the task is open now and may be acknowledged.
     */
    default boolean onOpenRequested(final String task, final long epoch)
    {
        onOpen(task, epoch);
        return true;
    }

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

    /**
     * A message of another SBE schema than the balancer's arrived on the egress (the host service's own protocol).
     * The buffer is only valid during the call.
     *
     * @param buffer holding the message, starting with its SBE header.
     * @param offset where it starts.
     * @param length its length.
     */
    default void onApplicationMessage(final DirectBuffer buffer, final int offset, final int length)
    {
    }

    /**
     * Called on every duty cycle of the client's thread while registered, after the egress was polled and the
     * client's own messages were flushed: the place to drain user queues and {@link GatewayClient#offer} messages.
     *
     * @param nowNs the client's clock.
     * @return work done (0 lets the thread idle).
     */
    default int onDutyCycle(final long nowNs)
    {
        return 0;
    }
}
