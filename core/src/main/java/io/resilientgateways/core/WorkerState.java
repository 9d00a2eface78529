package io.resilientgateways.core;

import io.resilientgateways.core.spi.WorkerView;

/**
 * Mutable state of one known worker: live, draining, or departed within its grace period.
 */
final class WorkerState implements WorkerView
{
    enum Mode
    {
        LIVE, DRAINING, DEPARTED
    }

    final WorkerId id;
    CapabilitySet capabilities;
    int capacity;
    Mode mode = Mode.LIVE;
    long load;
    int taskCount;
    long graceTimerId;
    long graceDeadline;
    LeaveReason leaveReason;

    TaskState assignedHead;
    TaskState outgoingHead;
    int outgoingCount;

    WorkerState(final WorkerSpec spec)
    {
        this.id = spec.id();
        this.capabilities = spec.capabilities();
        this.capacity = spec.capacity();
    }

    @Override
    public WorkerId id()
    {
        return id;
    }

    @Override
    public CapabilitySet capabilities()
    {
        return capabilities;
    }

    @Override
    public int capacity()
    {
        return capacity;
    }

    @Override
    public long load()
    {
        return load;
    }

    @Override
    public int taskCount()
    {
        return taskCount;
    }

    @Override
    public boolean eligible()
    {
        return mode == Mode.LIVE;
    }

    boolean connected()
    {
        return mode != Mode.DEPARTED;
    }

    void addAssigned(final TaskState task)
    {
        task.assignee = this;
        task.assignedPrev = null;
        task.assignedNext = assignedHead;
        if (null != assignedHead)
        {
            assignedHead.assignedPrev = task;
        }
        assignedHead = task;
        load += task.weight;
        taskCount++;
    }

    void removeAssigned(final TaskState task)
    {
        if (null != task.assignedPrev)
        {
            task.assignedPrev.assignedNext = task.assignedNext;
        }
        else
        {
            assignedHead = task.assignedNext;
        }
        if (null != task.assignedNext)
        {
            task.assignedNext.assignedPrev = task.assignedPrev;
        }
        task.assignedPrev = null;
        task.assignedNext = null;
        task.assignee = null;
        load -= task.weight;
        taskCount--;
    }

    void addOutgoing(final TaskState task)
    {
        task.outgoing = true;
        task.outgoingPrev = null;
        task.outgoingNext = outgoingHead;
        if (null != outgoingHead)
        {
            outgoingHead.outgoingPrev = task;
        }
        outgoingHead = task;
        outgoingCount++;
    }

    void removeOutgoing(final TaskState task)
    {
        if (null != task.outgoingPrev)
        {
            task.outgoingPrev.outgoingNext = task.outgoingNext;
        }
        else
        {
            outgoingHead = task.outgoingNext;
        }
        if (null != task.outgoingNext)
        {
            task.outgoingNext.outgoingPrev = task.outgoingPrev;
        }
        task.outgoingPrev = null;
        task.outgoingNext = null;
        task.outgoing = false;
        outgoingCount--;
    }

    /**
     * @return the assigned tasks sorted by id: list order depends on history, so never iterate it unsorted.
     */
    TaskState[] assignedSorted()
    {
        final TaskState[] out = new TaskState[taskCount];
        int i = 0;
        for (TaskState t = assignedHead; null != t; t = t.assignedNext)
        {
            out[i++] = t;
        }
        java.util.Arrays.sort(out, Balancer.BY_ID);
        return out;
    }

    TaskState[] outgoingSorted()
    {
        final TaskState[] out = new TaskState[outgoingCount];
        int i = 0;
        for (TaskState t = outgoingHead; null != t; t = t.outgoingNext)
        {
            out[i++] = t;
        }
        java.util.Arrays.sort(out, Balancer.BY_ID);
        return out;
    }

    @Override
    public String toString()
    {
        return id + ":" + mode + " load=" + load + "/" + capacity;
    }
}
