package io.resilientgateways.aeron.client;

import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The answer to one {@link GatewayListener#onOpen}: call {@link #opened()} once the task is open, or
 * {@link #refused(String)} if it cannot be opened under this epoch; from any thread, once (later calls are ignored).
 * The client acknowledges ({@code TaskOpened}) or releases ({@code TaskReleased}) on its own thread, in its next
 * duty cycle, so user I/O never delays the heartbeats that keep the lease.
 * <p>
 * The client may have given the task up in the meantime (the cluster closed it, a newer epoch arrived, or the lease
 * expired and the client fenced): then an {@code opened()} is answered on the client's thread with
 * {@link GatewayListener#onClose} for this epoch, so user code closes what it just opened, and nothing is acked.
 * Until the answer comes, a close of the task waits for it (the cluster never sees the task closed while the gateway
 * may still be opening it). Always answer, in bounded time (e.g. a connect timeout).
 * <p>
 * Thread-safe.
 */
public final class OpenCompletion
{
    private final String task;
    private final long epoch;
    private final Queue<OpenCompletion> answers;
    private final AtomicBoolean answered = new AtomicBoolean();
    private volatile boolean opened;
    private volatile String reason;

    /**
     * Made by the client for each open; public so that tests of a listener can make one and read the answer from
     * their own queue.
     *
     * @param task    the task.
     * @param epoch   the epoch.
     * @param answers where the answer goes once given.
     */
    public OpenCompletion(final String task, final long epoch, final Queue<OpenCompletion> answers)
    {
        this.task = task;
        this.epoch = epoch;
        this.answers = answers;
    }

    /**
     * @return the task this open is for.
     */
    public String task()
    {
        return task;
    }

    /**
     * @return the epoch this open is for.
     */
    public long epoch()
    {
        return epoch;
    }

    /**
     * The task is open under {@link #epoch()}.
     */
    public void opened()
    {
        answer(true, null);
    }

    /**
     * The task cannot be opened under {@link #epoch()} (e.g. the remote side refused the epoch as stale, or the
     * connect keeps failing): the client hands it back to the cluster ({@code TaskReleased}).
     *
     * @param reason for the log; may be null.
     */
    public void refused(final String reason)
    {
        answer(false, null == reason ? "refused" : reason);
    }

    /**
     * @return true once answered.
     */
    public boolean isAnswered()
    {
        return answered.get();
    }

    /**
     * @return true if answered {@link #opened()}.
     */
    public boolean wasOpened()
    {
        return opened;
    }

    /**
     * @return the reason given to {@link #refused(String)}, or null.
     */
    public String reason()
    {
        return reason;
    }

    private void answer(final boolean opened, final String reason)
    {
        if (answered.compareAndSet(false, true))
        {
            this.opened = opened;
            this.reason = reason;
            answers.offer(this);
        }
    }

    /**
     * @return e.g. {@code OpenCompletion[PARTY-1 epoch=4 answered]}.
     */
    public String toString()
    {
        return "OpenCompletion[" + task + " epoch=" + epoch + (isAnswered() ? " answered]" : "]");
    }
}
