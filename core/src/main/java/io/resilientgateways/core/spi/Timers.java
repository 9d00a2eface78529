package io.resilientgateways.core.spi;

/**
 * Deterministic timers: the cluster's, in a clustered service. A timer fires by calling the engine's
 * {@code onTimer(now, correlationId)} at or after its deadline. Correlation ids come from the engine (a counter in
 * its snapshot); an adapter that shares the cluster with other timers maps them into a range of its own.
 * <p>
 * Timers scheduled before a snapshot survive it in the cluster; the engine re-schedules nothing on restore.
 */
public interface Timers
{
    /**
     * @param correlationId the engine's id for this timer.
     * @param deadline      cluster time at which it should fire.
     */
    void schedule(long correlationId, long deadline);

    /**
     * @param correlationId a timer scheduled earlier; cancelling one that has fired is harmless.
     */
    void cancel(long correlationId);
}
