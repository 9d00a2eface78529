package io.resilientgateways.aeron.it;

import io.resilientgateways.aeron.client.GatewayClient;
import io.resilientgateways.aeron.client.GatewayListener;
import io.resilientgateways.aeron.client.OpenCompletion;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records what a gateway was told, thread-safely, for assertions from the test thread. It refuses the opens the test
 * puts in {@link #refuseOnce} (each once, as if the counterparty refused the epoch), and releases from its duty cycle
 * the held tasks the test puts in {@link #toRelease} (as if their connection broke).
 */
final class RecordingListener implements GatewayListener
{
    record Event(String kind, String task, long epoch, long nanoTime)
    {
    }

    final String name;
    final Map<String, Long> held = new ConcurrentHashMap<>();
    final List<Event> events = new CopyOnWriteArrayList<>();
    final Set<String> refuseOnce = ConcurrentHashMap.newKeySet();
    final Queue<String> toRelease = new ConcurrentLinkedQueue<>();
    volatile GatewayClient client;
    volatile int fenced;
    volatile int registered;

    RecordingListener(final String name)
    {
        this.name = name;
    }

    public void onOpen(final String task, final long epoch, final OpenCompletion done)
    {
        if (refuseOnce.remove(task))
        {
            events.add(new Event("REFUSED", task, epoch, System.nanoTime()));
            done.refused("refused by the test");
            return;
        }
        events.add(new Event("OPEN", task, epoch, System.nanoTime()));
        held.put(task, epoch);
        done.opened();
    }

    public int onDutyCycle(final long nowNs)
    {
        final String task = toRelease.peek();
        final GatewayClient c = client;
        if (null == task || null == c)
        {
            return 0;
        }
        final Long epoch = held.get(task);
        if (null == epoch)
        {
            toRelease.poll();
            return 1;
        }
        if (c.release(task, epoch) > 0)
        {
            held.remove(task);
            events.add(new Event("RELEASED", task, epoch, System.nanoTime()));
            toRelease.poll();
            return 1;
        }
        return 0;
    }

    public void onClose(final String task, final long epoch)
    {
        events.add(new Event("CLOSE", task, epoch, System.nanoTime()));
        held.remove(task, epoch);
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
