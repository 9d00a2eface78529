package io.resilientgateways.core;

import io.resilientgateways.core.spi.Timers;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * Every timer the engine schedules, by correlation id: one source of ids, and O(1) dispatch to the owner when it
 * fires. The map is derived state: on restore each owner re-registers the timers it recorded in the snapshot.
 */
final class TimerRegistry implements Scheduler
{
    private final Timers timers;
    private final Long2ObjectHashMap<TimerOwner> owners = new Long2ObjectHashMap<>();
    long lastId;

    TimerRegistry(final Timers timers)
    {
        this.timers = timers;
    }

    @Override
    public long schedule(final TimerOwner owner, final long deadline)
    {
        final long id = ++lastId;
        owners.put(id, owner);
        timers.schedule(id, deadline);
        return id;
    }

    @Override
    public void cancel(final long timerId)
    {
        if (null != owners.remove(timerId))
        {
            timers.cancel(timerId);
        }
    }

    /**
     * @return true if the timer is scheduled and has neither fired nor been cancelled.
     */
    boolean isLive(final long timerId)
    {
        return owners.containsKey(timerId);
    }

    /**
     * Hand a live timer to its owner; it is no longer live.
     */
    void fire(final long timerId)
    {
        final TimerOwner owner = owners.remove(timerId);
        if (null == owner)
        {
            throw new IllegalStateException("timer " + timerId + " is not live");
        }
        owner.onTimer(timerId);
    }

    /**
     * Re-register a timer recorded in a snapshot; the cluster restores the timer itself.
     */
    void restore(final long timerId, final TimerOwner owner)
    {
        if (0 == timerId || timerId > lastId || null != owners.put(timerId, owner))
        {
            throw new IllegalStateException("timer " + timerId + " restored twice or never issued");
        }
    }
}
