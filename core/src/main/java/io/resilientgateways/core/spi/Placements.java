package io.resilientgateways.core.spi;

import io.resilientgateways.core.WorkerId;

/**
 * Where {@link RebalancePolicy#allocateAll} hands its answers: one per task, in the order of the tasks it was given.
 * The engine applies each answer before the call returns, exactly as it applies an answer of
 * {@link RebalancePolicy#allocate}: it checks it, grants the task (or leaves it pending) and updates the view, so the
 * policy's next answer sees the placement. Valid only during the {@code allocateAll} call it was handed to.
 */
public interface Placements
{
    /**
     * Answer for the next task.
     *
     * @param worker its owner, or null to leave it pending.
     * @return true if the task is now on that worker; false if it was left pending (a null answer, or an answer the
     * engine refused: an unknown, ineligible or incapable worker), if the engine placed it elsewhere (it avoids a
     * worker that released the task lately), or if every task has had its answer already (then nothing changed).
     */
    boolean place(WorkerId worker);

    /**
     * {@link #place(WorkerId)} with the worker given by its position in {@link ClusterView#workers()}, which costs
     * the engine no lookup by name.
     *
     * @param index the worker's index in the list {@code view.workers()} returns; out of range is a refused answer.
     * @return as {@link #place(WorkerId)}.
     */
    boolean placeAt(int index);
}
