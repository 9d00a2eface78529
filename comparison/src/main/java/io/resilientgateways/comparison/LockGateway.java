package io.resilientgateways.comparison;

import io.resilientgateways.examples.Args;
import io.resilientgateways.examples.counterparty.CounterpartyConnection;
import org.agrona.concurrent.ShutdownSignalBarrier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.data.Stat;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * An API gateway built the way the lock approach is usually written: one Curator {@link LeaderLatch} per party under
 * {@code /rg-compare/parties/<party>}, and while this gateway holds a party's latch it keeps that party's counterparty
 * connection open.
 * <ul>
 *   <li>Fencing epoch: the czxid of this gateway's own latch node (ephemeral sequential). The leader of a latch is
 *       the lowest sequence among the live nodes, and later nodes are created later, so each new holder's czxid is
 *       higher than every earlier holder's: the counterparty can refuse an older holder exactly as it refuses an
 *       older cluster epoch.</li>
 *   <li>Self-fencing: Curator's default error policy reports SUSPENDED (no answer from ZooKeeper for 2/3 of the
 *       session timeout) as lost leadership, so a partitioned gateway closes its connections before its session
 *       expires; a frozen one cannot, and the epoch protects the counterparty.</li>
 *   <li>A connection that breaks, an epoch the counterparty refuses, or a connect that keeps failing: the gateway
 *       gives the latch up (a new latch node at the back of the queue), as our gateways release the party.</li>
 *   <li>Confirmations: there is no trading cluster on this side, so each held party gets a synthetic confirmation
 *       every period, numbered on from the counterparty's last accepted sequence.</li>
 * </ul>
 * All latch callbacks and sends run on one thread. Prints {@code READY}, {@code OPEN}, {@code CLOSE}, {@code LOST},
 * {@code STALE} lines like the example's gateway.
 * <pre>
 * java ... io.resilientgateways.comparison.LockGateway --name gw-1 --zk 127.0.0.1:27300,... \
 *     --counterparty 127.0.0.1:27100 [--parties 60] [--period-ms 1200] [--session-timeout-ms 500]
 * </pre>
 * Without {@code --session-timeout-ms} Curator's defaults apply (60 s session asked for, 15 s connection timeout).
 */
public final class LockGateway implements AutoCloseable
{
    static final String ROOT = "/rg-compare/parties/";
    private static final int OPEN_ATTEMPTS = 3;

    private final String name;
    private final InetSocketAddress counterparty;
    private final long periodNs;
    private final PrintStream out;
    private final CuratorFramework client;
    private final ScheduledExecutorService thread;
    private final TreeMap<String, LeaderLatch> latches = new TreeMap<>();
    private final TreeMap<String, Link> links = new TreeMap<>();
    private final List<String> parties;

    private static final class Link
    {
        final long epoch;
        final CounterpartyConnection connection;
        long lastSent;
        long nextDueNs;

        Link(final long epoch, final CounterpartyConnection connection, final long nextDueNs)
        {
            this.epoch = epoch;
            this.connection = connection;
            this.lastSent = connection.resumeAfter();
            this.nextDueNs = nextDueNs;
        }
    }

    /**
     * @param name             this gateway's name (also the latch participant id).
     * @param zkConnect        ZooKeeper connect string.
     * @param counterparty     the counterparty.
     * @param parties          the parties to compete for.
     * @param sessionTimeoutMs ZooKeeper session timeout asked for, or 0 for Curator's default.
     * @param periodMs         confirmation period per held party.
     * @param out              event lines.
     */
    public LockGateway(
        final String name,
        final String zkConnect,
        final InetSocketAddress counterparty,
        final List<String> parties,
        final int sessionTimeoutMs,
        final long periodMs,
        final PrintStream out)
    {
        this.name = name;
        this.counterparty = counterparty;
        this.parties = List.copyOf(parties);
        this.periodNs = TimeUnit.MILLISECONDS.toNanos(periodMs);
        this.out = out;
        final CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder()
            .connectString(zkConnect)
            .retryPolicy(new ExponentialBackoffRetry(100, 10, 1_000));
        if (sessionTimeoutMs > 0)
        {
            builder.sessionTimeoutMs(sessionTimeoutMs).connectionTimeoutMs(sessionTimeoutMs);
        }
        this.client = builder.build();
        this.thread = Executors.newSingleThreadScheduledExecutor((r) ->
        {
            final Thread t = new Thread(r, "lock-gateway-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Connect to ZooKeeper and join every party's latch; returns once this gateway has a node in every latch's queue
     * (a latch creates its node in the background), so it has joined exactly as our gateway has once registered.
     *
     * @return the session timeout ZooKeeper granted, in ms.
     * @throws Exception if ZooKeeper cannot be reached, or the latch nodes are not all created, within 30 s.
     */
    public int start() throws Exception
    {
        client.start();
        if (!client.blockUntilConnected(30, TimeUnit.SECONDS))
        {
            throw new IllegalStateException(name + ": no ZooKeeper connection");
        }
        final int granted = client.getZookeeperClient().getZooKeeper().getSessionTimeout();
        thread.submit(() ->
        {
            for (final String party : parties)
            {
                join(party);
            }
        }).get();
        thread.scheduleWithFixedDelay(this::tick, 10, 10, TimeUnit.MILLISECONDS);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!thread.submit(this::inEveryQueue).get())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException(name + ": latch nodes not created within 30 s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        return granted;
    }

    private boolean inEveryQueue()
    {
        for (final LeaderLatch latch : latches.values())
        {
            if (null == latch.getOurPath())
            {
                return false;
            }
        }
        return latches.size() == parties.size();
    }

    /**
     * @return parties whose connection this gateway holds now.
     * @throws Exception if interrupted.
     */
    public List<String> held() throws Exception
    {
        return thread.submit(() -> new ArrayList<>(links.keySet())).get();
    }

    /**
     * @param party a party.
     * @return the epoch this gateway holds it under, or -1.
     * @throws Exception if interrupted.
     */
    public long epochOf(final String party) throws Exception
    {
        return thread.submit(() ->
        {
            final Link link = links.get(party);
            return null == link ? -1L : link.epoch;
        }).get();
    }

    /**
     * Close every connection, then leave every latch, then the ZooKeeper session.
     */
    @Override
    public void close()
    {
        try
        {
            thread.submit(() ->
            {
                for (final Map.Entry<String, Link> e : links.entrySet())
                {
                    e.getValue().connection.close();
                    print("CLOSE " + e.getKey() + " epoch=" + e.getValue().epoch + " lastSent=" +
                        e.getValue().lastSent + " (stopping)");
                }
                links.clear();
                for (final LeaderLatch latch : latches.values())
                {
                    closeQuietly(latch);
                }
                latches.clear();
            }).get(10, TimeUnit.SECONDS);
        }
        catch (final Exception ex)
        {
            print("CLOSE-FAILED " + ex);
        }
        thread.shutdownNow();
        client.close();
    }

    private void join(final String party)
    {
        final LeaderLatch latch = new LeaderLatch(client, ROOT + party, name);
        latches.put(party, latch);
        latch.addListener(new LeaderLatchListener()
        {
            public void isLeader()
            {
                onLeader(party, latch);
            }

            public void notLeader()
            {
                onNotLeader(party, latch);
            }
        }, thread);
        try
        {
            latch.start();
        }
        catch (final Exception ex)
        {
            print("LATCH-FAILED " + party + " " + ex);
        }
    }

    private void rejoin(final String party)
    {
        final LeaderLatch old = latches.remove(party);
        if (null != old)
        {
            closeQuietly(old);
        }
        join(party);
    }

    private void onLeader(final String party, final LeaderLatch latch)
    {
        if (latches.get(party) != latch || !latch.hasLeadership() || links.containsKey(party))
        {
            return;
        }
        final long epoch;
        try
        {
            final Stat stat = client.checkExists().forPath(latch.getOurPath());
            if (null == stat)
            {
                return; // our node is gone (session expired): the latch will reset itself
            }
            epoch = stat.getCzxid();
        }
        catch (final Exception ex)
        {
            print("EPOCH-FAILED " + party + " " + ex);
            return;
        }
        for (int attempt = 1; attempt <= OPEN_ATTEMPTS; attempt++)
        {
            try
            {
                final CounterpartyConnection connection =
                    CounterpartyConnection.open(counterparty, party, epoch, name, (seq) -> { }, 1_000);
                links.put(party, new Link(epoch, connection, System.nanoTime()));
                print("OPEN " + party + " epoch=" + epoch + " resumeAfter=" + connection.resumeAfter());
                return;
            }
            catch (final CounterpartyConnection.StaleEpochException ex)
            {
                print("STALE " + party + " epoch=" + epoch + " refused by the counterparty; latch given up");
                rejoin(party);
                return;
            }
            catch (final IOException ex)
            {
                if (attempt == OPEN_ATTEMPTS)
                {
                    print("OPEN-FAILED " + party + " epoch=" + epoch + " " + ex.getMessage() + "; latch given up");
                    rejoin(party);
                }
            }
        }
    }

    private void onNotLeader(final String party, final LeaderLatch latch)
    {
        if (latches.get(party) != latch)
        {
            return;
        }
        final Link link = links.remove(party);
        if (null != link)
        {
            link.connection.close();
            print("CLOSE " + party + " epoch=" + link.epoch + " lastSent=" + link.lastSent + " (leadership lost)");
        }
    }

    private void tick()
    {
        final long now = System.nanoTime();
        final List<String> lost = new ArrayList<>();
        final Iterator<Map.Entry<String, Link>> it = links.entrySet().iterator();
        while (it.hasNext())
        {
            final Map.Entry<String, Link> e = it.next();
            final Link link = e.getValue();
            boolean broken = !link.connection.isOpen();
            if (!broken && now - link.nextDueNs >= 0)
            {
                try
                {
                    link.connection.send(link.lastSent + 1, "confirmation-" + (link.lastSent + 1));
                    link.lastSent++;
                    link.nextDueNs += periodNs;
                }
                catch (final IOException ex)
                {
                    broken = true;
                }
            }
            if (broken)
            {
                it.remove();
                link.connection.close();
                print("LOST " + e.getKey() + " epoch=" + link.epoch + " the connection broke; latch given up");
                lost.add(e.getKey());
            }
        }
        for (final String party : lost)
        {
            rejoin(party);
        }
    }

    private void print(final String line)
    {
        out.println(line);
    }

    /**
     * {@link LeaderLatch#close()} deletes its node in the background, and a client closed right after would leave
     * the node (and the party) to the session timeout; delete it synchronously so that the next in line takes over
     * at once, as a careful team would.
     */
    private void closeQuietly(final LeaderLatch latch)
    {
        final String path = latch.getOurPath();
        try
        {
            latch.close();
        }
        catch (final IOException | IllegalStateException ignore)
        {
            // already closed, or the session is gone
        }
        if (null != path)
        {
            try
            {
                client.delete().forPath(path);
            }
            catch (final Exception ignore)
            {
                // already deleted (by the latch's background delete or the session's end)
            }
        }
    }

    /**
     * @param args see the class comment.
     * @throws Exception if ZooKeeper cannot be reached.
     */
    public static void main(final String[] args) throws Exception
    {
        final Args a = Args.parse(args);
        final PrintStream out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
        final String[] cp = a.get("counterparty").split(":");
        final LockGateway gateway = new LockGateway(a.get("name"), a.get("zk"),
            new InetSocketAddress(cp[0], Integer.parseInt(cp[1])), Referee.parties((int)a.getLong("parties", 60)),
            (int)a.getLong("session-timeout-ms", 0), a.getLong("period-ms", 1_200), out);
        final ShutdownSignalBarrier barrier = new ShutdownSignalBarrier();
        final int granted = gateway.start();
        out.println("READY sessionTimeoutMs=" + granted);
        barrier.await();
        try
        {
            gateway.close();
            out.println("STOPPED");
        }
        finally
        {
            barrier.close();
        }
    }
}
