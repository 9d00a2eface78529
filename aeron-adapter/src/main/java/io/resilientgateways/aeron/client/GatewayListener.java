package io.resilientgateways.aeron.client;

import org.agrona.DirectBuffer;

/**
 * User code of a gateway: opens and closes tasks (e.g. a counterparty's connection). Called on the client's thread,
 * the thread that also keeps the lease alive: return quickly. Opening usually means I/O, so it completes
 * asynchronously: {@link #onOpen} starts it and answers later, from any thread, through its {@link OpenCompletion};
 * the client acknowledges on its own thread.
 * <pre>{@code
 * public void onOpen(final String task, final long epoch, final OpenCompletion done)
 * {
 *     connector.submit(() ->
 *     {
 *         try
 *         {
 *             venue.connect(task, epoch);            // present the epoch: the venue keeps only the newest
 *             done.opened();
 *         }
 *         catch (final StaleEpochException | IOException ex)
 *         {
 *             done.refused(ex.getMessage());        // the client releases the task to the cluster
 *         }
 *     });
 * }
 * }</pre>
 * The optional hooks let a gateway carry its own application protocol over the same cluster session: messages of
 * other SBE schemas arrive in {@link #onApplicationMessage}, and {@link #onDutyCycle} runs on every cycle of the
 * client's thread, where user code may drain queues filled by its own threads and send with
 * {@link GatewayClient#offer}. The client checks its lease before it hands over each message: nothing received is
 * handed over once the lease has expired.
 */
public interface GatewayListener
{
    /**
     * Open a task under an epoch; answer through {@code done}, now or later, from any thread. Present the epoch to
     * the remote side, which should accept only the highest epoch it has seen. The same task again under a higher
     * epoch means "you still own it, under this epoch" (e.g. after the gateway fenced and resumed): reopen it under
     * the new epoch. A refused open is released: the cluster places the task on another worker, not on this one again
     * for its release backoff; if no other worker can run it, it waits out the backoff and comes back here. To give
     * back a task that was open and broke later, see {@link GatewayClient#release}.
     *
     * @param task  the task.
     * @param epoch its fencing token.
     * @param done  answer {@link OpenCompletion#opened()} or {@link OpenCompletion#refused(String)} exactly once.
     */
    void onOpen(String task, long epoch, OpenCompletion done);

    /**
     * Close a task: asked by the cluster, on a graceful stop, when the client fences itself (lease expired), or when
     * an open it no longer wants completes (see {@link OpenCompletion}). Return once it is closed.
     *
     * @param task  the task.
     * @param epoch the epoch it was held under.
     */
    void onClose(String task, long epoch);

    /**
     * The cluster accepted the registration.
     *
     * @param resumed true if it resumed the same worker after a reconnect: its tasks follow, under the epochs it
     *                holds if its lease never expired, else under new ones.
     */
    default void onRegistered(final boolean resumed)
    {
    }

    /**
     * The lease expired (or the cluster no longer knows this worker): every task was closed locally; registering
     * again. Losing the connection alone does not fence: the client reconnects and resumes within its lease, keeping
     * its tasks.
     */
    default void onFenced()
    {
    }

    /**
     * The cluster refused a request.
     *
     * @param code       {@code core.RejectionCode} value or {@code AdapterRejection} code (also
     *                   {@code LEASE_DOES_NOT_FIT}, decided by the client itself).
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
