package io.resilientgateways.core;

import io.resilientgateways.core.spi.TaskView;
import io.resilientgateways.core.spi.WorkerView;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.RandomAccess;

/**
 * Mutable state of one known worker: live, draining, or departed within its grace period.
 */
final class WorkerState implements WorkerView
{
    final WorkerId id;
    private final EngineState.LoadClock loads;
    CapabilitySet capabilities;
    int capacity;
    WorkerStatus mode = WorkerStatus.LIVE;
    long load;
    int taskCount;
    boolean detached;
    long graceTimerId;
    LeaveReason leaveReason;

    private TaskState[] sorted = new TaskState[0];
    private List<TaskView> sortedView = List.of();
    private TaskState[] recent = new TaskState[0];
    private int recentCount;
    // the recent part is in id order (tasks are often added, orphaned and moved in id order): no sort needed
    private boolean recentSorted = true;
    private int holes;
    // index of the first task in the sorted part; holes before it are skipped once, not on every read
    private int firstLive;
    private MergedView mergedView;
    TaskState outgoingHead;
    int outgoingCount;

    WorkerState(final WorkerSpec spec, final EngineState.LoadClock loads)
    {
        this.loads = loads;
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
        return mode == WorkerStatus.LIVE && !detached;
    }

    boolean connected()
    {
        return mode != WorkerStatus.DEPARTED;
    }

    /**
     * The assigned tasks are kept in an array sorted by id plus an unsorted tail of recent additions; removals leave
     * holes. {@link #assigned()} merges both into one sorted array only when asked and only if something changed, so
     * a policy reading a worker's tasks in id order pays O(1) when nothing changed since the last read, and placing
     * many tasks costs no sorting until somebody reads them.
     */
    void addAssigned(final TaskState task)
    {
        task.assignee = this;
        if (recentCount == recent.length)
        {
            recent = Arrays.copyOf(recent, Math.max(8, recentCount * 2));
        }
        if (recentSorted && recentCount > 0 && recent[recentCount - 1].id.compareTo(task.id) > 0)
        {
            recentSorted = false;
        }
        recent[recentCount] = task;
        task.slot = -(recentCount + 1);
        recentCount++;
        load += task.weight;
        taskCount++;
        loads.ticks++;
    }

    void removeAssigned(final TaskState task)
    {
        final int slot = task.slot;
        if (slot >= 0)
        {
            sorted[slot] = null;
            holes++;
            if (slot == firstLive)
            {
                final TaskState[] sorted = this.sorted;
                int first = slot + 1;
                while (first < sorted.length && null == sorted[first])
                {
                    first++;
                }
                firstLive = first;
            }
        }
        else
        {
            final int i = -slot - 1;
            final TaskState last = recent[--recentCount];
            if (i != recentCount)
            {
                recent[i] = last;
                last.slot = -(i + 1);
                recentSorted = false;
            }
            recent[recentCount] = null;
            if (0 == recentCount)
            {
                recentSorted = true;
            }
        }
        task.slot = TaskState.NO_SLOT;
        task.assignee = null;
        load -= task.weight;
        taskCount--;
        loads.ticks++;
    }

    /**
     * @return the assigned tasks sorted by id, as the engine's own array: read it, do not keep it across inputs.
     */
    List<TaskView> assigned()
    {
        if (0 == recentCount && 0 == holes)
        {
            return sortedView;
        }
        if (4L * (recentCount + holes) > taskCount)
        {
            normalise(); // enough changed to pay for a full merge: O(k), amortised over those changes
            return sortedView;
        }
        // few changes: merge lazily, as far as the reader reads (a rebalance reads the first few tasks of a donor)
        if (!recentSorted)
        {
            sortRecent();
        }
        if (null == mergedView)
        {
            mergedView = new MergedView();
        }
        mergedView.reset();
        return mergedView;
    }

    private void sortRecent()
    {
        Arrays.sort(recent, 0, recentCount, EngineState.BY_ID);
        for (int i = 0; i < recentCount; i++)
        {
            recent[i].slot = -(i + 1);
        }
        recentSorted = true;
    }

    /**
     * The sorted part (skipping holes) and the sorted recent part merged on demand, without changing either: reading
     * the first j tasks costs O(j + holes passed). Valid until the worker's tasks next change.
     */
    private final class MergedView extends AbstractList<TaskView> implements RandomAccess
    {
        private TaskState[] merged = new TaskState[16];
        private int count;
        private int a;
        private int b;

        void reset()
        {
            Arrays.fill(merged, 0, count, null);
            count = 0;
            a = firstLive;
            b = 0;
        }

        @Override
        public TaskView get(final int index)
        {
            if (index < 0 || index >= taskCount)
            {
                throw new IndexOutOfBoundsException(index);
            }
            while (count <= index)
            {
                next();
            }
            return merged[index];
        }

        private void next()
        {
            final TaskState[] sorted = WorkerState.this.sorted;
            while (a < sorted.length && null == sorted[a])
            {
                a++;
            }
            final TaskState x = a < sorted.length ? sorted[a] : null;
            final TaskState y = b < recentCount ? recent[b] : null;
            final TaskState next;
            if (null == y || (null != x && x.id.compareTo(y.id) < 0))
            {
                next = x;
                a++;
            }
            else
            {
                next = y;
                b++;
            }
            if (count == merged.length)
            {
                merged = Arrays.copyOf(merged, count * 2);
            }
            merged[count++] = next;
        }

        @Override
        public int size()
        {
            return taskCount;
        }
    }

    /**
     * @return a copy of the assigned tasks sorted by id, safe to iterate while assigning and unassigning.
     */
    TaskState[] assignedSorted()
    {
        normalise();
        return Arrays.copyOf(sorted, taskCount);
    }

    private void normalise()
    {
        if (0 == recentCount && 0 == holes)
        {
            return;
        }
        if (!recentSorted)
        {
            Arrays.sort(recent, 0, recentCount, EngineState.BY_ID);
        }
        final TaskState[] merged = new TaskState[taskCount];
        final int kept = taskCount - recentCount;
        if (0 == kept || (0 == holes && recentCount > 0 && sorted[kept - 1].id.compareTo(recent[0].id) < 0))
        {
            // nothing to interleave: the sorted part (if any, without holes) then the recent part
            System.arraycopy(sorted, 0, merged, 0, kept);
            for (int i = 0; i < recentCount; i++)
            {
                final TaskState task = recent[i];
                task.slot = kept + i;
                merged[kept + i] = task;
                recent[i] = null;
            }
            adopt(merged);
            return;
        }
        int a = firstLive;
        int b = 0;
        int out = 0;
        final int sortedEnd = sorted.length;
        while (true)
        {
            while (a < sortedEnd && null == sorted[a])
            {
                a++;
            }
            final TaskState x = a < sortedEnd ? sorted[a] : null;
            final TaskState y = b < recentCount ? recent[b] : null;
            if (null == x && null == y)
            {
                break;
            }
            final TaskState next;
            if (null == y || (null != x && x.id.compareTo(y.id) < 0))
            {
                next = x;
                a++;
            }
            else
            {
                next = y;
                recent[b++] = null;
            }
            next.slot = out;
            merged[out++] = next;
        }
        adopt(merged);
    }

    private void adopt(final TaskState[] merged)
    {
        sorted = merged;
        sortedView = Collections.unmodifiableList(Arrays.asList((TaskView[])merged));
        recentCount = 0;
        recentSorted = true;
        holes = 0;
        firstLive = 0;
    }

    void addOutgoing(final TaskState task)
    {
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
        outgoingCount--;
    }

    TaskState[] outgoingSorted()
    {
        final TaskState[] out = new TaskState[outgoingCount];
        int i = 0;
        for (TaskState t = outgoingHead; null != t; t = t.outgoingNext)
        {
            out[i++] = t;
        }
        Arrays.sort(out, EngineState.BY_ID);
        return out;
    }

    WorkerInfo toInfo()
    {
        return new WorkerInfo(id, capabilities, capacity, load, taskCount, mode, detached);
    }

    @Override
    public String toString()
    {
        return id + ":" + mode + (detached ? " detached" : "") + " load=" + load + "/" + capacity;
    }
}
