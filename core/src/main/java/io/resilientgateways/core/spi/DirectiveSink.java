package io.resilientgateways.core.spi;

import io.resilientgateways.core.TaskId;
import io.resilientgateways.core.WorkerId;

/**
 * Where the engine's directives to workers go. The Aeron adapter encodes them as egress to the worker's session;
 * tests record them. Called synchronously, in log order, from inside an engine input.
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
}
