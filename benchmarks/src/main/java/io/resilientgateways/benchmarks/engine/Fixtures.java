package io.resilientgateways.benchmarks.engine;

import io.resilientgateways.core.Balancer;
import io.resilientgateways.core.BalancerConfig;
import io.resilientgateways.core.BasicPolicy;
import io.resilientgateways.core.TaskId;
import io.resilientgateways.core.TaskSpec;
import io.resilientgateways.core.WorkerSpec;

/**
 * Builds an engine with {@code workers} workers and {@code tasks} tasks, all OPEN and acknowledged.
 */
final class Fixtures
{
    private Fixtures()
    {
    }

    static String worker(final int i)
    {
        return String.format("gw-%04d", i);
    }

    static String task(final int i)
    {
        return String.format("PARTY-%07d", i);
    }

    static Balancer openEngine(final int workers, final int tasks, final CollectingSink sink, final boolean ack)
    {
        final Balancer balancer = new Balancer(new BalancerConfig().maxTasks(Math.max(tasks, 1)).handoffTimeout(0),
            new BasicPolicy(), sink, sink);
        for (int w = 0; w < workers; w++)
        {
            balancer.registerWorker(0, WorkerSpec.of(worker(w)));
        }
        for (int t = 0; t < tasks; t++)
        {
            balancer.addTask(1, new TaskSpec(TaskId.of(task(t)), io.resilientgateways.core.CapabilitySet.EMPTY, 1));
        }
        if (ack)
        {
            ackOpens(balancer, sink, 2);
        }
        return balancer;
    }

    static void ackOpens(final Balancer balancer, final CollectingSink sink, final long now)
    {
        for (int i = 0; i < sink.openTasks.size(); i++)
        {
            balancer.taskOpened(now, sink.openWorkers.get(i), sink.openTasks.get(i), sink.openEpochs.get(i));
        }
        sink.clear();
    }
}
