package io.resilientgateways.core.spi;

import io.resilientgateways.core.WorkerId;

import java.util.List;

/**
 * Decides where tasks should be. The engine owns the protocol (revoke before assign, epochs, grace periods,
 * capability checks, limits); a policy only proposes targets, in two decisions:
 * <ul>
 *   <li>{@link #allocate}: where one task without an owner goes (a new task, or one whose owner left);</li>
 *   <li>{@link #rebalance}: which owned tasks should move, after the membership changed.</li>
 * </ul>
 * {@link #allocateAll} places the many new tasks of one input; by default it is {@link #allocate} per task, and an
 * override may only make the same decisions cheaper.
 * A policy runs inside the clustered service on every replica: it must be a deterministic function of the view it
 * is handed (plus state it derives only from earlier views). No clocks, no unseeded randomness, no hash-order
 * iteration; break every tie on a stable id. The build enforces the first two for this project's own policies.
 * <p>
 * One instance serves one engine and is called from one thread.
 */
public interface RebalancePolicy
{
    /**
     * @return a stable name, e.g. {@code "sticky"}. Stored in snapshots.
     */
    String name();

    /**
     * @return the version of the decision logic. Bump it whenever the same view could give a different answer; an
     * engine refuses to restore a snapshot taken under another name or version, because replaying the log with
     * different decisions would diverge from what workers were told.
     */
    int version();

    /**
     * Choose an owner for a task that has none. Called once per task, in task-id order, with the view updated after
     * each placement.
     *
     * @param task the task to place; its {@link TaskView#assignee()} is null.
     * @param view the current state.
     * @return an eligible worker that can run the task, or null to leave it pending.
     */
    WorkerId allocate(TaskView task, ClusterView view);

    /**
     * Choose owners for many new tasks at once (one {@code addTasks} input): the same decisions as {@link #allocate}
     * called for each task in turn, only cheaper where a policy can make them so. For each task, in the list's order,
     * the policy answers once through {@code placements}; the engine applies the answer before {@code place} returns
     * (the task granted, or left pending, and the view updated), so the policy's later answers see it, exactly as
     * calls of {@link #allocate} one after another do. When the answer for task {@code i} is computed, tasks 0 to
     * {@code i} count in {@link ClusterView#taskCount()} and {@link ClusterView#totalWeight()} and later ones do
     * not, as when they are added one by one.
     * <p>
     * A policy that answers fewer tasks than the list holds (or throws) leaves the rest to the engine: a throw refuses
     * the task being answered (as a throwing {@code allocate} does), and every task still without an answer is then
     * placed with one {@link #allocate} call each. An override must never decide differently from {@code allocate}:
     * replicas and snapshots do not depend on which of the two ran, but users and tests rely on their being the same
     * (the testkit's {@code RebalancePolicyContract} compares both on seeded histories).
     * <p>
     * The default calls {@link #allocate} for each task.
     * <pre>
     * for (TaskView task : tasks)
     * {
     *     placements.place(allocate(task, view));
     * }
     * </pre>
     *
     * @param tasks      the new tasks, in the order they were added; none has an assignee yet.
     * @param view       the current state, updated after each answer.
     * @param placements where the answers go, one per task, in order.
     */
    default void allocateAll(List<? extends TaskView> tasks, ClusterView view, Placements placements)
    {
        for (final TaskView task : tasks)
        {
            placements.place(allocate(task, view));
        }
    }

    /**
     * Propose moves after the membership changed (a worker joined, left, or started draining, or tasks were
     * removed). The engine applies valid proposals in order, each as revoke, ack, assign, and asks again once they
     * have all been revoked if it cut the list at {@code maxMoves} or the membership changed meanwhile.
     *
     * @param view     the current state.
     * @param maxMoves the most moves the engine will apply this round.
     * @return the proposed moves, at most {@code maxMoves}; an empty list when balanced.
     */
    List<Move> rebalance(ClusterView view, int maxMoves);
}
