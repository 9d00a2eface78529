package io.resilientgateways.aeron.service;

import io.resilientgateways.core.Balancer;
import io.resilientgateways.core.CapabilitySet;
import io.resilientgateways.core.InvalidInputException;
import io.resilientgateways.core.Result;
import io.resilientgateways.core.TaskId;
import io.resilientgateways.core.TaskSpec;
import io.resilientgateways.core.WorkerId;
import io.resilientgateways.core.WorkerSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * The engine takes only valid specs: these build them from a request's decoded values and make the input, or answer
 * the invalid value's code (a weight or capacity out of range) without touching the engine.
 * <p>
 * Thread-safe: static and stateless.
 */
final class EngineInputs
{
    private EngineInputs()
    {
    }

    static Result registerWorker(
        final Balancer balancer, final long now, final String name, final List<String> capabilities, final int capacity)
    {
        try
        {
            return balancer.registerWorker(now,
                new WorkerSpec(WorkerId.of(name), CapabilitySet.of(capabilities), capacity));
        }
        catch (final InvalidInputException ex)
        {
            return Result.rejected(ex.code(), ex.getMessage());
        }
    }

    static Result addTask(
        final Balancer balancer, final long now, final String id, final List<String> requires, final int weight)
    {
        try
        {
            return balancer.addTask(now, new TaskSpec(TaskId.of(id), CapabilitySet.of(requires), weight));
        }
        catch (final InvalidInputException ex)
        {
            return Result.rejected(ex.code(), ex.getMessage());
        }
    }

    /**
     * All or none: a task the engine refuses to build (a weight out of range) refuses the command before any is
     * added, as a duplicate or the task limit does inside {@link Balancer#addTasks}. With {@code skipExisting}, a task
     * whose id the engine holds already is left out first (every replica sees the same engine, so leaves out the same);
     * an id twice in the command is still a duplicate.
     */
    static Result addTasks(
        final Balancer balancer, final long now, final List<IngressRequest.BatchTask> tasks, final boolean skipExisting)
    {
        final List<TaskSpec> specs = new ArrayList<>(tasks.size());
        try
        {
            for (int i = 0, n = tasks.size(); i < n; i++)
            {
                final IngressRequest.BatchTask t = tasks.get(i);
                final TaskId id = TaskId.of(t.task());
                if (!skipExisting || null == balancer.assignment(id))
                {
                    specs.add(new TaskSpec(id, CapabilitySet.of(t.requires()), t.weight()));
                }
            }
        }
        catch (final InvalidInputException ex)
        {
            return Result.rejected(ex.code(), ex.getMessage());
        }
        return balancer.addTasks(now, specs);
    }
}
