package io.resilientgateways.aeron.it;

import io.resilientgateways.aeron.client.GatewayListener;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records what a gateway was told, thread-safely, for assertions from the test thread.
 */
final class RecordingListener implements GatewayListener
{
    record Event(String kind, String task, long epoch, long nanoTime)
    {
    }

    final String name;
    final Map<String, Long> held = new ConcurrentHashMap<>();
    final List<Event> events = new CopyOnWriteArrayList<>();
    volatile int fenced;
    volatile int registered;

    RecordingListener(final String name)
    {
        this.name = name;
    }

    public void onOpen(final String task, final long epoch)
    {
        events.add(new Event("OPEN", task, epoch, System.nanoTime()));
        held.put(task, epoch);
    }

    public void onClose(final String task, final long epoch)
    {
        events.add(new Event("CLOSE", task, epoch, System.nanoTime()));
        held.remove(task);
    }

    public void onRegistered(final boolean resumed)
    {
        registered++;
    }

    public void onFenced()
    {
        fenced++;
    }

    long count(final String kind)
    {
        return events.stream().filter((e) -> e.kind().equals(kind)).count();
    }
}
