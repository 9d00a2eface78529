package io.resilientgateways.lab.trace;

import io.resilientgateways.core.LeaveReason;
import io.resilientgateways.core.TaskId;
import io.resilientgateways.core.TaskSpec;
import io.resilientgateways.core.WorkerId;
import io.resilientgateways.core.WorkerSpec;

/**
 * One line of a trace after the header: something that happened to the membership or to the set of tasks, at a
 * cluster time in milliseconds. Values are the engine's own validated types, so a trace that reads is one the engine
 * accepts name for name.
 */
public sealed interface TraceEvent
{
    /**
     * @return cluster time in milliseconds; never decreases along a trace.
     */
    long time();

    /**
     * @return the {@code "type"} written on the line.
     */
    String type();

    /**
     * A worker registered (or registered again after it left).
     *
     * @param time cluster time, ms.
     * @param spec name, capabilities and capacity.
     */
    record Join(long time, WorkerSpec spec) implements TraceEvent
    {
        @Override
        public String type()
        {
            return "join";
        }
    }

    /**
     * A worker left.
     *
     * @param time   cluster time, ms.
     * @param worker who.
     * @param reason why, as the cluster saw it.
     */
    record Leave(long time, WorkerId worker, LeaveReason reason) implements TraceEvent
    {
        @Override
        public String type()
        {
            return "leave";
        }
    }

    /**
     * A worker started draining: it gets no new tasks and gives its tasks away.
     *
     * @param time   cluster time, ms.
     * @param worker who.
     */
    record Drain(long time, WorkerId worker) implements TraceEvent
    {
        @Override
        public String type()
        {
            return "drain";
        }
    }

    /**
     * A worker's capacity changed. The engine has no input for it: the lab replays it as the worker's restart with
     * the new capacity (session closed, registered again at once), which is what an operator does today.
     *
     * @param time     cluster time, ms.
     * @param worker   who.
     * @param capacity the new capacity.
     */
    record Capacity(long time, WorkerId worker, int capacity) implements TraceEvent
    {
        @Override
        public String type()
        {
            return "capacity";
        }
    }

    /**
     * A task was added.
     *
     * @param time cluster time, ms.
     * @param spec id, required capabilities and weight.
     */
    record Add(long time, TaskSpec spec) implements TraceEvent
    {
        @Override
        public String type()
        {
            return "add";
        }
    }

    /**
     * A task was removed.
     *
     * @param time cluster time, ms.
     * @param task which.
     */
    record Remove(long time, TaskId task) implements TraceEvent
    {
        @Override
        public String type()
        {
            return "remove";
        }
    }
}
