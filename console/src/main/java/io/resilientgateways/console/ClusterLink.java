package io.resilientgateways.console;

import io.resilientgateways.aeron.client.AdminClient;
import org.agrona.CloseHelper;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The console's one connection to the cluster: an {@link AdminClient} (not thread-safe) owned by one thread that runs
 * every call in turn, sends keepalives while idle, notices when the cluster is lost (a closed client, a timed-out
 * reply) and reconnects, at most once a second. Callers on any thread use {@link #call}; while the cluster is
 * unreachable it throws {@link LinkDownException} at once rather than blocking.
 * <p>
 * Thread-safe.
 */
final class ClusterLink implements AutoCloseable
{
    /**
     * The cluster could not be reached (or stopped answering) for this call.
     */
    static final class LinkDownException extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        LinkDownException(final String message)
        {
            super(message);
        }
    }

    /**
     * What the link knows of the cluster.
     *
     * @param connected        true while an admin session is open.
     * @param leaderMemberId   the leader as the client sees it, or -1.
     * @param leadershipTermId the term as the client sees it, or -1.
     * @param lastError        the last connection error, or empty.
     * @param changedAtMs      wall-clock ms when {@code connected} last changed.
     * @param reconnects       how many times the link reconnected.
     */
    record Status(
        boolean connected, int leaderMemberId, long leadershipTermId, String lastError, long changedAtMs,
        long reconnects)
    {
    }

    private static final long RECONNECT_INTERVAL_MS = 1_000;

    private final ClusterConnection connection;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor((r) ->
    {
        final Thread t = new Thread(r, "rg-console-link");
        t.setDaemon(true);
        return t;
    });
    private AdminClient client;
    private long lastAttemptMs;
    private volatile Status status = new Status(false, -1, -1, "not connected yet", System.currentTimeMillis(), 0);

    ClusterLink(final ClusterConnection connection)
    {
        this.connection = connection;
        thread.scheduleWithFixedDelay(this::tick, 0, 100, TimeUnit.MILLISECONDS);
    }

    Status status()
    {
        return status;
    }

    /**
     * Run one request on the link's thread.
     *
     * @param request what to ask.
     * @param <T>     the answer's type.
     * @return the answer.
     * @throws LinkDownException if the cluster is unreachable or stopped answering.
     */
    <T> T call(final Function<AdminClient, T> request)
    {
        final Future<T> future = thread.submit(() ->
        {
            final AdminClient c = connected(true);
            try
            {
                return request.apply(c);
            }
            catch (final AdminClient.QueryRefusedException ex)
            {
                throw ex;
            }
            catch (final RuntimeException ex)
            {
                lost(ex);
                throw new LinkDownException("cluster stopped answering: " + ex.getMessage());
            }
        });
        try
        {
            return future.get(30, TimeUnit.SECONDS);
        }
        catch (final ExecutionException ex)
        {
            if (ex.getCause() instanceof RuntimeException r)
            {
                throw r;
            }
            throw new IllegalStateException(ex.getCause());
        }
        catch (final TimeoutException ex)
        {
            future.cancel(false);
            throw new LinkDownException("no answer from the link within 30 s");
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new LinkDownException("interrupted");
        }
    }

    private void tick()
    {
        try
        {
            final AdminClient c = connected(false);
            if (null != c)
            {
                if (c.cluster().isClosed())
                {
                    lost(new IllegalStateException("cluster session closed (no leader within the client's timeout)"));
                    return;
                }
                c.poll();
                update(c);
            }
        }
        catch (final RuntimeException ex)
        {
            lost(ex);
        }
    }

    private AdminClient connected(final boolean now)
    {
        if (null != client)
        {
            return client;
        }
        final long nowMs = System.currentTimeMillis();
        if (!now && nowMs - lastAttemptMs < RECONNECT_INTERVAL_MS)
        {
            return null;
        }
        if (now && nowMs - lastAttemptMs < RECONNECT_INTERVAL_MS && !status.connected() && status.reconnects() > 0)
        {
            throw new LinkDownException("cluster unreachable: " + status.lastError());
        }
        lastAttemptMs = nowMs;
        try
        {
            client = connection.connect();
        }
        catch (final RuntimeException ex)
        {
            final Status s = status;
            status = new Status(false, -1, -1, String.valueOf(ex.getMessage()),
                s.connected() ? nowMs : s.changedAtMs(), s.reconnects());
            throw new LinkDownException("cluster unreachable: " + ex.getMessage());
        }
        final Status s = status;
        status = new Status(true, client.cluster().leaderMemberId(), client.cluster().leadershipTermId(), "",
            nowMs, s.reconnects() + 1);
        return client;
    }

    private void update(final AdminClient c)
    {
        final Status s = status;
        final int leader = c.cluster().leaderMemberId();
        final long term = c.cluster().leadershipTermId();
        if (!s.connected() || s.leaderMemberId() != leader || s.leadershipTermId() != term)
        {
            status = new Status(true, leader, term, s.lastError(), s.connected() ? s.changedAtMs() :
                System.currentTimeMillis(), s.reconnects());
        }
    }

    private void lost(final RuntimeException ex)
    {
        CloseHelper.quietClose(client);
        client = null;
        final Status s = status;
        status = new Status(false, -1, -1, String.valueOf(ex.getMessage()), System.currentTimeMillis(),
            s.reconnects());
    }

    public void close()
    {
        thread.submit(() ->
        {
            CloseHelper.quietClose(client);
            client = null;
        });
        thread.shutdown();
        try
        {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
