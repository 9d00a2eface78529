package io.resilientgateways.core.spi;

import io.resilientgateways.core.TaskId;
import io.resilientgateways.core.WorkerId;

/**
 * Where the engine's directives to workers go. The Aeron adapter encodes them as egress to the worker's session;
 * tests record them. Called synchronously, in log order, from inside an engine input.
 * <p>
 * The engine calls the four-argument forms, which add the task's <em>handle</em>: a small int that names the task
 * inside this engine, for the adapter to carry in the directive and the worker to echo in its acknowledgement, so
 * the engine reaches the task without a lookup by name ({@code Balancer.taskId(int, byte[], int, int)}). A handle
 * is a hint, never trusted: the acknowledgement still carries the name, and a handle that no longer names that task
 * (the task was removed, the engine restored from a snapshot) costs one lookup by name. By default they drop the
 * handle and call the three-argument forms, so a sink that has no use for it implements only those.
 * <p>
 * Delivery may be lost (egress is best effort across leader changes): the adapter re-sends a worker's outstanding
 * directives when it resyncs, and acknowledgements make repeats harmless.
 */
public interface DirectiveSink
{
    /**
     * Tell {@code worker} to open {@code task} under {@code epoch} and to acknowledge when it has.
     *
     * @param worker the new owner.
     * @param task   the task.
     * @param epoch  the fencing token to present to the remote side.
     */
    void open(WorkerId worker, TaskId task, long epoch);

    /**
     * Tell {@code worker} to close {@code task} and to acknowledge when it has.
     *
     * @param worker the current owner.
     * @param task   the task.
     * @param epoch  the epoch it holds the task under.
     */
    void close(WorkerId worker, TaskId task, long epoch);

    /**
     * Tell {@code worker} to open {@code task} under {@code epoch}; the engine's form, with the task's handle.
     *
     * @param worker the new owner.
     * @param task   the task.
     * @param handle the task's handle, for the acknowledgement to echo (0 or more).
     * @param epoch  the fencing token to present to the remote side.
     */
    default void open(WorkerId worker, TaskId task, int handle, long epoch)
    {
        open(worker, task, epoch);
    }

    /**
     * Tell {@code worker} to close {@code task}; the engine's form, with the task's handle.
     *
     * @param worker the current owner.
     * @param task   the task.
     * @param handle the task's handle, for the acknowledgement to echo (0 or more).
     * @param epoch  the epoch it holds the task under.
     */
    default void close(WorkerId worker, TaskId task, int handle, long epoch)
    {
        close(worker, task, epoch);
    }
}
