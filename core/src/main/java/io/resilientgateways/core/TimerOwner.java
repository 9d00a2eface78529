package io.resilientgateways.core;

/**
 * Receives the timers it scheduled through the {@link TimerRegistry}.
 */
@FunctionalInterface
interface TimerOwner
{
    void onTimer(long timerId);
}
