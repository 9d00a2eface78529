package io.resilientgateways.core;

import io.resilientgateways.core.spi.TaskView;
import io.resilientgateways.core.spi.WorkerView;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * Mutable state of one known worker: live, draining, or departed within its grace period.
 */
final class WorkerState implements WorkerView
{
    private static final int MAX_RUNS = 8;

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

    // [0, sortedEnd): tasks sorted by id; [sortedEnd, end): recent additions; removals leave holes (null) in both
    private TaskState[] list = new TaskState[0];
    private int sortedEnd;
    private int end;
    // the recent part as runs in id order (tasks are often added, orphaned and moved in id order): run r is
    // [runStart[r], runStart[r + 1] or end); more than MAX_RUNS are sorted into one when read
    private int[] runStart = new int[MAX_RUNS + 1];
    private int runs;
    // the last task appended (maybe gone since): a new one after it in id order continues the last run
    private TaskState lastAdded;
    // nulls in [firstLive, sortedEnd); those before firstLive (tasks that left the front) are not read again
    private int holes;
    // nulls in [sortedEnd, end)
    private int recentHoles;
    private int firstLive; // the first task of the sorted part (sortedEnd if it is empty)
    private TasksView view;
    // the tasks it is closing for another worker (or for removal)
    final OutgoingTasks outgoing = new OutgoingTasks();

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
     * The assigned tasks are kept in one array: a part sorted by id and a tail of recent additions (each task knows
     * its slot); a removal leaves a hole, so neither part loses its order. The tail is a few runs, each in id order
     * (new tasks, orphans and a round's moves arrive in id order; each event starts a run at most). {@link
     * #assigned()} answers in id order without sorting up to {@value #MAX_RUNS} runs, adopts a single run in O(1)
     * when it follows the sorted part, merges the runs and the sorted part lazily, only as far as the reader reads,
     * when little changed, and compacts everything only once the changes reach a quarter of the list (O(k), amortised
     * over those changes).
     */
    void addAssigned(final TaskState task)
    {
        task.assignee = this;
        if (end == list.length)
        {
            if (list.length >= 16 && taskCount < list.length / 2)
            {
                normalise(); // half the array is holes: compact instead of growing
            }
            if (end == list.length)
            {
                list = Arrays.copyOf(list, Math.max(8, end * 2));
            }
        }
        if (end == sortedEnd || TaskState.compare(lastAdded, task) > 0)
        {
            if (runs == runStart.length)
            {
                runStart = Arrays.copyOf(runStart, 2 * runs);
            }
            runStart[runs++] = end;
        }
        lastAdded = task;
        list[end] = task;
        task.slot = end++;
        load += task.weight;
        taskCount++;
        loads.ticks++;
    }

    void removeAssigned(final TaskState task)
    {
        final TaskState[] list = this.list;
        final int slot = task.slot;
        list[slot] = null;
        if (slot < sortedEnd)
        {
            if (slot == firstLive)
            {
                skipFront();
            }
            else
            {
                holes++;
            }
        }
        else if (slot == end - 1)
        {
            end--;
            while (end > sortedEnd && null == list[end - 1])
            {
                end--;
                recentHoles--;
            }
            while (runs > 0 && runStart[runs - 1] >= end)
            {
                runs--;
            }
            lastAdded = end > sortedEnd ? list[end - 1] : null; // the last run's last task: the next may follow it
        }
        else
        {
            recentHoles++;
        }
        task.slot = TaskState.NO_SLOT;
        task.assignee = null;
        load -= task.weight;
        taskCount--;
        loads.ticks++;
    }

    private void skipFront()
    {
        int first = firstLive;
        while (first < sortedEnd && null == list[first])
        {
            if (first != firstLive)
            {
                holes--;
            }
            first++;
        }
        firstLive = first;
    }

    /**
     * @return the assigned tasks sorted by id, the engine's own list: read it, do not keep it across inputs.
     */
    List<TaskView> assigned()
    {
        if (!isClean())
        {
            if (runs > MAX_RUNS && 4L * (end - sortedEnd + holes) <= taskCount)
            {
                sortRecent();
            }
            tryAdopt();
            if (4L * (end - sortedEnd + holes) > taskCount)
            {
                normalise();
            }
        }
        if (null == view)
        {
            view = new TasksView();
        }
        view.reset();
        return view;
    }

    /**
     * @return a copy of the assigned tasks sorted by id, safe to iterate while assigning and unassigning.
     */
    TaskState[] assignedSorted()
    {
        if (!isClean())
        {
            tryAdopt();
            if (!isClean())
            {
                normalise();
            }
        }
        return Arrays.copyOfRange(list, firstLive, firstLive + taskCount);
    }

    /**
     * Unassign every task at once (the worker is leaving for good): as {@link #removeAssigned} on each, without
     * punching a hole per task into a list that is dropped anyway.
     *
     * @return the tasks it had, sorted by id.
     */
    TaskState[] takeAll()
    {
        final TaskState[] all = assignedSorted();
        for (final TaskState task : all)
        {
            task.slot = TaskState.NO_SLOT;
            task.assignee = null;
        }
        list = new TaskState[0];
        sortedEnd = 0;
        end = 0;
        runs = 0;
        lastAdded = null;
        holes = 0;
        recentHoles = 0;
        firstLive = 0;
        load = 0;
        taskCount = 0;
        loads.ticks += all.length;
        return all;
    }

    private boolean isClean()
    {
        return end == sortedEnd && 0 == holes;
    }

    /**
     * A sorted tail that comes after every task of the sorted part becomes part of it: no slot changes.
     */
    private void tryAdopt()
    {
        if (end == sortedEnd || runs > 1)
        {
            return;
        }
        if (firstLive == sortedEnd)
        {
            // the sorted part is empty: the recent part becomes it (its last slot is never a hole)
            int first = sortedEnd;
            while (null == list[first])
            {
                first++;
                recentHoles--;
            }
            firstLive = first;
            sortedEnd = end;
            holes = recentHoles;
            recentHoles = 0;
            runs = 0;
            return;
        }
        if (0 != holes)
        {
            return;
        }
        int first = sortedEnd;
        while (null == list[first])
        {
            first++;
        }
        if (TaskState.compare(list[sortedEnd - 1], list[first]) < 0)
        {
            sortedEnd = end;
            holes = recentHoles;
            recentHoles = 0;
            runs = 0;
        }
    }

    /**
     * Close the recent part's holes, in order.
     */
    private void compactRecent()
    {
        if (0 == recentHoles)
        {
            return;
        }
        int out = sortedEnd;
        for (int i = sortedEnd; i < end; i++)
        {
            final TaskState task = list[i];
            if (null != task)
            {
                task.slot = out;
                list[out++] = task;
            }
        }
        Arrays.fill(list, out, end, null);
        end = out;
        recentHoles = 0;
    }

    private void sortRecent()
    {
        compactRecent();
        loads.order.sort(list, sortedEnd, end);
        for (int i = sortedEnd; i < end; i++)
        {
            list[i].slot = i;
        }
        runs = end > sortedEnd ? 1 : 0;
        runStart[0] = sortedEnd;
        lastAdded = end > sortedEnd ? list[end - 1] : null;
    }

    private void normalise()
    {
        if (runs > 1)
        {
            sortRecent();
        }
        final TaskState[] merged = new TaskState[Math.max(8, taskCount + (taskCount >> 3))];
        int a = firstLive;
        int b = sortedEnd;
        int out = 0;
        while (true)
        {
            while (a < sortedEnd && null == list[a])
            {
                a++;
            }
            while (b < end && null == list[b])
            {
                b++;
            }
            final TaskState x = a < sortedEnd ? list[a] : null;
            final TaskState y = b < end ? list[b] : null;
            if (null == x && null == y)
            {
                break;
            }
            final TaskState next;
            if (null == y || (null != x && TaskState.compare(x, y) < 0))
            {
                next = x;
                a++;
            }
            else
            {
                next = y;
                b++;
            }
            next.slot = out;
            merged[out++] = next;
        }
        list = merged;
        sortedEnd = out;
        end = out;
        runs = 0;
        holes = 0;
        recentHoles = 0;
        firstLive = 0;
    }

    /**
     * The sorted part (skipping holes) and the recent part's runs, merged on demand without changing any: reading the
     * first j tasks costs O((j + holes passed) * runs); with neither holes nor recent tasks, a plain array read. Valid
     * until the worker's tasks next change.
     */
    private final class TasksView extends AbstractList<TaskView> implements RandomAccess
    {
        private TaskState[] merged = new TaskState[16];
        private int[] at = new int[MAX_RUNS + 1];
        private boolean direct;
        private int count;
        private int a;

        void reset()
        {
            direct = isClean();
            Arrays.fill(merged, 0, count, null);
            count = 0;
            a = firstLive;
            if (at.length < runs)
            {
                at = new int[runs];
            }
            System.arraycopy(runStart, 0, at, 0, runs);
        }

        @Override
        public TaskView get(final int index)
        {
            if (index < 0 || index >= taskCount)
            {
                throw new IndexOutOfBoundsException(index);
            }
            final TaskState task;
            if (direct)
            {
                task = list[firstLive + index];
            }
            else
            {
                while (count <= index)
                {
                    next();
                }
                task = merged[index];
            }
            loads.served.record(task);
            return task;
        }

        private void next()
        {
            final TaskState[] list = WorkerState.this.list;
            while (a < sortedEnd && null == list[a])
            {
                a++;
            }
            TaskState next = a < sortedEnd ? list[a] : null;
            int from = -1;
            for (int r = 0; r < runs; r++)
            {
                final int limit = r + 1 < runs ? runStart[r + 1] : end;
                int b = at[r];
                while (b < limit && null == list[b])
                {
                    b++;
                }
                at[r] = b;
                if (b < limit && (null == next || TaskState.compare(list[b], next) < 0))
                {
                    next = list[b];
                    from = r;
                }
            }
            if (from < 0)
            {
                a++;
            }
            else
            {
                at[from]++;
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
