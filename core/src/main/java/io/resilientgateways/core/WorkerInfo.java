package io.resilientgateways.core;

import io.resilientgateways.core.spi.WorkerView;

/**
 * A worker as it was at one point of the log: an immutable copy, safe to keep.
 *
 * @param id           its name.
 * @param capabilities what it offers.
 * @param capacity     its relative capacity.
 * @param load         the weight of the tasks assigned to it in the target assignment.
 * @param taskCount    how many tasks are assigned to it in the target assignment.
 * @param status       live, draining or departed within its grace period.
 * @param detached     true while the adapter holds it in its reconnect window (see {@link Balancer#workerDetached}).
 */
public record WorkerInfo(
    WorkerId id, CapabilitySet capabilities, int capacity, long load, int taskCount, WorkerStatus status,
    boolean detached) implements WorkerView
{
    @Override
    public boolean eligible()
    {
        return status == WorkerStatus.LIVE && !detached;
    }

    @Override
    public String toString()
    {
        return id + ":" + status + (detached ? " detached" : "") + " load=" + load + "/" + capacity;
    }
}
