package io.resilientgateways.core;

/**
 * One entry of the engine's bounded history: a task changed state, and why.
 *
 * @param time        cluster time of the input that caused it.
 * @param task        the task.
 * @param from        status before.
 * @param to          status after; null when the task was removed.
 * @param worker      the worker the task is with after the change (or the one it left, for a removal or
 *                    a close); null when none.
 * @param epoch       the task's epoch after the change.
 * @param cause       why.
 * @param causeWorker the worker whose event caused it (the one that joined, left, acked...), or null.
 * @param reason      for {@link Cause#WORKER_LEFT} (or a rebalance it triggered), why it left; otherwise null.
 * @param trigger     for {@link Cause#REBALANCE} and {@link Cause#WORKER_DRAINING}-driven moves, the event that
 *                    started the round; otherwise null.
 */
public record Transition(
    long time,
    TaskId task,
    TaskStatus from,
    TaskStatus to,
    WorkerId worker,
    long epoch,
    Cause cause,
    WorkerId causeWorker,
    LeaveReason reason,
    Cause trigger)
{
    /**
     * @return the cause as a sentence, e.g. {@code "gw-2 left: session timeout"} or
     * {@code "rebalance after gw-4 joined"}.
     */
    public String describe()
    {
        if (cause == Cause.REBALANCE)
        {
            return null == trigger ? "rebalance" : "rebalance after " + text(trigger);
        }
        return text(cause);
    }

    private String text(final Cause c)
    {
        final String who = null == causeWorker ? "?" : causeWorker.name();
        return switch (c)
        {
            case TASK_ADDED -> "task added";
            case TASK_REMOVED -> "task removed";
            case WORKER_JOINED -> who + " joined";
            case WORKER_RETURNED -> who + " came back within its grace period";
            case WORKER_LEFT -> who + " left: " + (null == reason ? "?" : reason.text());
            case GRACE_EXPIRED -> who + "'s grace period expired";
            case WORKER_DRAINING -> who + " draining";
            case OPEN_ACK -> who + " acknowledged open";
            case CLOSE_ACK -> who + " acknowledged close";
            case REBALANCE -> "rebalance";
            case ADMIN_MOVE -> "admin move";
            case HANDOFF_TIMEOUT -> who + " did not acknowledge in time: stuck";
            case TASK_RELEASED -> who + " released it";
            case RELEASE_RETRY -> "retry after " + who + " released it";
            case WORKER_REATTACHED -> who + " reattached without its tasks";
        };
    }

    @Override
    public String toString()
    {
        return "t=" + time + " " + task + " " + from + "->" + (null == to ? "REMOVED" : to) +
            (null == worker ? "" : " " + worker) + " e=" + epoch + " (" + describe() + ")";
    }
}
