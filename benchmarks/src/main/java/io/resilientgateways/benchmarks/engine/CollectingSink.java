package io.resilientgateways.benchmarks.engine;

import io.resilientgateways.core.TaskId;
import io.resilientgateways.core.WorkerId;
import io.resilientgateways.core.spi.DirectiveSink;
import io.resilientgateways.core.spi.Timers;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the directives of the last input (so a benchmark can ack them) and counts everything.
 */
final class CollectingSink implements DirectiveSink, Timers
{
    final List<WorkerId> openWorkers = new ArrayList<>();
    final List<TaskId> openTasks = new ArrayList<>();
    final List<Long> openEpochs = new ArrayList<>();
    long opens;
    long closes;
    boolean collect = true;

    @Override
    public void open(final WorkerId worker, final TaskId task, final long epoch)
    {
        opens++;
        if (collect)
        {
            openWorkers.add(worker);
            openTasks.add(task);
            openEpochs.add(epoch);
        }
    }

    @Override
    public void close(final WorkerId worker, final TaskId task, final long epoch)
    {
        closes++;
    }

    @Override
    public void schedule(final long correlationId, final long deadline)
    {
    }

    @Override
    public void cancel(final long correlationId)
    {
    }

    void clear()
    {
        openWorkers.clear();
        openTasks.clear();
        openEpochs.clear();
    }
}
