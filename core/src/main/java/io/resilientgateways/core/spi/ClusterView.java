package io.resilientgateways.core.spi;

import io.resilientgateways.core.TaskId;
import io.resilientgateways.core.WorkerId;

import java.util.List;

/**
 * The read-only state a {@link RebalancePolicy} decides from. Every list is sorted by id, so a policy that only
 * reads the view in order is deterministic by construction. Valid only during the policy call it was handed to;
 * do not keep references to it or to its elements.
 */
public interface ClusterView
{
    /**
     * @return the cluster time of the input being processed.
     */
    long now();

    /**
     * @return a number that changes whenever the set of eligible workers or one of their specs changes, so a policy
     * may cache a structure derived from {@link #workers()} (a hash ring, say) and rebuild it only then.
     */
    long membershipVersion();

    /**
     * A counter of load changes, so a policy may keep an order of the workers by load (a heap) between calls and
     * check in O(1) that only the placement it proposed happened since: it grows by exactly one for every task that
     * joins or leaves a worker's target assignment (each change of one worker's {@link WorkerView#load()} and
     * {@link WorkerView#taskCount()}), and never otherwise goes back or repeats within one engine.
     *
     * @return the counter, or -1 if this view does not track it (then a policy must not rely on it).
     */
    default long loadVersion()
    {
        return -1;
    }

    /**
     * @return eligible workers (live, not draining), sorted by id. The same list instance is returned until
     * {@link #membershipVersion()} changes, so a policy may key a cache on it; the elements' loads change with every
     * assignment.
     */
    List<WorkerView> workers();

    /**
     * @param id a worker's name.
     * @return the worker, eligible or not (draining, or departed within its grace period), or null if unknown.
     */
    WorkerView worker(WorkerId id);

    /**
     * @param id a worker's name.
     * @return the tasks assigned to it in the target assignment, sorted by id; empty if unknown. Cheap to read in
     * order from the start, as far as needed: O(1) per element when the worker's tasks did not change since the last
     * read or arrived in id order; after a few changes the engine merges lazily, as far as the reader reads; after
     * many (a quarter of the list) it merges once, O(k). The list is the engine's own: read it during this call only.
     */
    List<TaskView> tasksOf(WorkerId id);

    /**
     * @param id a task's id.
     * @return the task, or null if unknown.
     */
    TaskView task(TaskId id);

    /**
     * @return how many tasks exist.
     */
    int taskCount();

    /**
     * @return the summed weight of every task, assigned or not.
     */
    long totalWeight();
}
