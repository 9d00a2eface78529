package io.resilientgateways.comparison;

import io.resilientgateways.examples.counterparty.CounterpartySimulator;
import io.resilientgateways.examples.counterparty.Verdict;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * The judge of both sides: the example's {@link CounterpartySimulator} (fencing by epoch, checking sequences) in the
 * harness JVM, plus a thread that samples every party's current holder every 2 ms into a {@link HolderLog}.
 */
final class Referee implements AutoCloseable
{
    private static final long SAMPLE_NS = TimeUnit.MILLISECONDS.toNanos(2);

    private final CounterpartySimulator simulator;
    private final List<String> parties;
    private final HolderLog log;
    private final Thread sampler;
    private volatile boolean running = true;

    Referee(final int port, final List<String> parties) throws IOException
    {
        this.simulator = new CounterpartySimulator(new InetSocketAddress("127.0.0.1", port));
        this.parties = List.copyOf(parties);
        this.log = new HolderLog(parties, System.nanoTime());
        this.sampler = new Thread(this::sample, "referee-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    static List<String> parties(final int count)
    {
        final List<String> parties = new ArrayList<>();
        for (int i = 1; i <= count; i++)
        {
            parties.add(String.format("PARTY-%02d", i));
        }
        return parties;
    }

    Verdict verdict()
    {
        return simulator.verdict(parties);
    }

    long lastSequence(final String party)
    {
        return simulator.lastSequence(party);
    }

    List<String> parties()
    {
        return parties;
    }

    /**
     * @param query reads the log under the referee's lock.
     * @param <T>   the answer's type.
     * @return the answer.
     */
    <T> T read(final java.util.function.Function<HolderLog, T> query)
    {
        synchronized (log)
        {
            return query.apply(log);
        }
    }

    TreeMap<String, Integer> spreadNow()
    {
        final long now = System.nanoTime();
        return read((l) -> l.spreadAt(now));
    }

    /**
     * @param gateway a gateway name.
     * @return the parties it holds now.
     */
    List<String> heldBy(final String gateway)
    {
        final long now = System.nanoTime();
        return read((l) ->
        {
            final List<String> held = new ArrayList<>();
            for (final String party : parties)
            {
                if (gateway.equals(l.holderAt(party, now)))
                {
                    held.add(party);
                }
            }
            return held;
        });
    }

    /**
     * Wait until every party is held and nothing has changed for {@code quietMs}.
     *
     * @param quietMs how long nothing may change.
     * @param capMs   give up after this long.
     * @return true if settled, false on the cap.
     */
    boolean awaitSettled(final long quietMs, final long capMs)
    {
        final long quietNs = TimeUnit.MILLISECONDS.toNanos(quietMs);
        return await((l) ->
        {
            final long now = System.nanoTime();
            return !l.spreadAt(now).containsKey("none") && now - l.lastChangeNs() >= quietNs;
        }, capMs);
    }

    boolean await(final Predicate<HolderLog> condition, final long capMs)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(capMs);
        while (System.nanoTime() - deadline < 0)
        {
            if (read(condition::test))
            {
                return true;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        return read(condition::test);
    }

    @Override
    public void close()
    {
        running = false;
        try
        {
            sampler.join(1_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        simulator.close();
    }

    private void sample()
    {
        while (running)
        {
            for (final String party : parties)
            {
                final String holder = simulator.connectedGateway(party);
                final long now = System.nanoTime();
                synchronized (log)
                {
                    log.observe(party, now, holder);
                }
            }
            LockSupport.parkNanos(SAMPLE_NS);
        }
    }
}
