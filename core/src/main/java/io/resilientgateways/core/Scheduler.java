package io.resilientgateways.core;

/**
 * What a helper may do with timers: schedule one for itself, cancel one of its own.
 */
interface Scheduler
{
    /**
     * @return the new timer's id, never 0.
     */
    long schedule(TimerOwner owner, long deadline);

    void cancel(long timerId);
}
