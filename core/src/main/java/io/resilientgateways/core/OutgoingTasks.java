package io.resilientgateways.core;

import java.util.Arrays;

/**
 * The tasks one worker is closing for another worker (or for removal): an intrusive doubly linked list through the
 * task states (no allocation per move), sorted by id only when read.
 */
final class OutgoingTasks
{
    private TaskState head;
    int count;

    void add(final TaskState task)
    {
        task.outgoingPrev = null;
        task.outgoingNext = head;
        if (null != head)
        {
            head.outgoingPrev = task;
        }
        head = task;
        count++;
    }

    void remove(final TaskState task)
    {
        if (null != task.outgoingPrev)
        {
            task.outgoingPrev.outgoingNext = task.outgoingNext;
        }
        else
        {
            head = task.outgoingNext;
        }
        if (null != task.outgoingNext)
        {
            task.outgoingNext.outgoingPrev = task.outgoingPrev;
        }
        task.outgoingPrev = null;
        task.outgoingNext = null;
        count--;
    }

    /**
     * @return a copy, sorted by id.
     */
    TaskState[] sorted()
    {
        final TaskState[] out = new TaskState[count];
        int i = 0;
        for (TaskState t = head; null != t; t = t.outgoingNext)
        {
            out[i++] = t;
        }
        Arrays.sort(out, EngineState.BY_ID);
        return out;
    }
}
