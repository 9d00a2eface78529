package io.resilientgateways.core;

import java.util.Arrays;

/**
 * The tasks a policy read from the workers' lists during one {@code rebalance} call, in the order it read them. The
 * moves it proposes name tasks among those, usually in the same order (a donor's first tasks), so the engine finds
 * each one by reference a few steps after the previous one instead of by a probe of the task table, which costs a
 * cache miss per move. The answer is the same either way: a task found here has exactly the proposed id instance,
 * and ids are unique. Bounded in size and in how far a lookup scans; a move not found near the cursor (another
 * order, an id the policy built itself) is looked up in the table.
 */
final class ServedTasks
{
    private static final int MAX = 1 << 16;
    private static final int LOOKAHEAD = 64;

    private TaskState[] tasks = new TaskState[0];
    private int count;
    private int cursor;
    private boolean recording;

    void start()
    {
        recording = true;
        count = 0;
        cursor = 0;
    }

    void record(final TaskState task)
    {
        if (recording)
        {
            if (count == tasks.length)
            {
                if (count >= MAX)
                {
                    return;
                }
                tasks = Arrays.copyOf(tasks, Math.max(64, 2 * count));
            }
            tasks[count++] = task;
        }
    }

    void stop()
    {
        recording = false;
    }

    /**
     * @return the served task whose id is this very instance, within {@link #LOOKAHEAD} of the previous answer, or
     * null.
     */
    TaskState find(final TaskId id)
    {
        final TaskState[] tasks = this.tasks;
        final int end = Math.min(count, cursor + LOOKAHEAD);
        for (int i = cursor; i < end; i++)
        {
            if (tasks[i].id == id)
            {
                cursor = i + 1;
                return tasks[i];
            }
        }
        return null;
    }

    /**
     * Forget what was served (no task is kept alive by it).
     */
    void clear()
    {
        Arrays.fill(tasks, 0, count, null);
        count = 0;
        cursor = 0;
        recording = false;
    }
}
