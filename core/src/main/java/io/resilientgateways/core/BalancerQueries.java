package io.resilientgateways.core;

import io.resilientgateways.core.spi.ClusterView;

import java.util.List;

/**
 * What can be read from a {@link Balancer}: every answer is a copy or an immutable value, valid forever and
 * unaffected by later inputs. Call it from the thread that applies the log, like the inputs.
 */
public interface BalancerQueries
{
    /**
     * @param id a task.
     * @return its assignment, or null if unknown.
     */
    Assignment assignment(TaskId id);

    /**
     * @return every task's assignment, sorted by task id.
     */
    List<Assignment> assignments();

    /**
     * What a worker should have: the tasks it holds (opening, open, or closing), sorted by id. An adapter re-sends
     * the open and close directives among them when the worker resyncs.
     *
     * @param id a worker.
     * @return its tasks; empty if unknown.
     */
    List<Assignment> assignmentsOf(WorkerId id);

    /**
     * @return every known worker (live, draining, departed within its grace period), sorted by name.
     */
    List<WorkerInfo> workers();

    /**
     * @param id a worker.
     * @return the worker, or null if unknown.
     */
    WorkerInfo worker(WorkerId id);

    /**
     * @param id a task.
     * @return the task, or null if unknown.
     */
    TaskInfo task(TaskId id);

    /**
     * @return how many tasks exist.
     */
    int taskCount();

    /**
     * @return the engine's clock: the latest cluster time of an accepted input (never decreasing).
     */
    long now();

    /**
     * @return the kept history, oldest first.
     */
    List<Transition> history();

    /**
     * How many transitions were ever recorded (kept across snapshots): the kept ones, {@link #history()}, are numbered
     * {@code historySequence() - history().size()} to {@code historySequence() - 1}, so a reader can follow the
     * history without gaps and tell when the bounded ring dropped entries it had not read.
     *
     * @return the sequence number the next transition will get.
     */
    long historySequence();

    /**
     * @param id a task.
     * @return the kept history of that task, oldest first.
     */
    List<Transition> history(TaskId id);

    /**
     * @param id a task.
     * @return why it is pending (e.g. {@code "no eligible worker has capabilities [FIX]"}), or null if it is not.
     */
    String pendingReason(TaskId id);

    /**
     * @return tasks whose acknowledgement is overdue by more than the handoff timeout, sorted by id.
     */
    List<Assignment> stuck();

    /**
     * Counts the tasks by status, and the stuck ones, for metrics: O(tasks), no allocation, no sort (unlike
     * {@link #assignments()} and {@link #stuck()}, which copy).
     *
     * @param into an array of {@code TaskStatus.values().length + 1}: {@code into[status.ordinal()]} per status,
     *             the last element the stuck tasks.
     * @throws IllegalArgumentException if the array has another length.
     */
    void countTasks(long[] into);

    /**
     * @return how many policy proposals were invalid when applied and were ignored, since the start.
     */
    long policyProposalsRejected();

    /**
     * @return the highest epoch issued so far.
     */
    long lastEpoch();

    /**
     * An immutable copy of what the policy sees now (eligible workers, every worker's tasks, every task), for tests
     * and tools that call a policy themselves. It costs O(workers + tasks): not for every event.
     *
     * @return the copy.
     */
    ClusterView frozenView();

    /**
     * @return the settings (concluded, frozen).
     */
    BalancerConfig config();
}
