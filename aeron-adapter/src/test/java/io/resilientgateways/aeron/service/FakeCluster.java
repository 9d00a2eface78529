package io.resilientgateways.aeron.service;

import io.aeron.Aeron;
import io.aeron.DirectBufferVector;
import io.aeron.Publication;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredServiceContainer;
import io.aeron.logbuffer.BufferClaim;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A single leader's view of a cluster, in memory, for driving a {@link BalancerServiceComponent} without Aeron:
 * sessions whose egress the test reads (or drops, or back-pressures), timers the test fires, a clock it sets.
 * Not thread-safe.
 */
public final class FakeCluster implements Cluster
{
    /** Timers scheduled and not cancelled: correlation id to deadline. */
    public final TreeMap<Long, Long> timers = new TreeMap<>();
    private final TreeMap<Long, Session> sessions = new TreeMap<>();
    private long time;
    private long nextSessionId = 1;

    /**
     * @return cluster time, in milliseconds.
     */
    public long time()
    {
        return time;
    }

    /**
     * @param time the new cluster time.
     */
    public void time(final long time)
    {
        this.time = time;
    }

    /**
     * @param principal the session's principal ("role:name"), or null.
     * @return a new open session.
     */
    public Session openSession(final String principal)
    {
        final Session session = new Session(nextSessionId++, null == principal ? null : principal.getBytes());
        sessions.put(session.id, session);
        return session;
    }

    /**
     * @param session a session to forget (as after its close event).
     */
    public void removeSession(final Session session)
    {
        sessions.remove(session.id);
    }

    /**
     * Deliver a component's due timers, in deadline order.
     *
     * @param component the component.
     */
    public void fireDueTimers(final BalancerServiceComponent component)
    {
        while (true)
        {
            Long due = null;
            for (final var e : timers.entrySet())
            {
                if (e.getValue() <= time && (null == due || e.getValue() < timers.get(due)))
                {
                    due = e.getKey();
                }
            }
            if (null == due)
            {
                return;
            }
            timers.remove(due);
            component.onTimerEvent(due, time);
        }
    }

    /**
     * One client session; egress it receives is kept (or dropped) as the test says.
     */
    public static final class Session implements ClientSession
    {
        /** Egress received, each message copied. */
        public final List<UnsafeBuffer> received = new ArrayList<>();
        /** Where received messages also go, if set (e.g. a gateway's session). */
        public Consumer<UnsafeBuffer> sink;
        /** While true, every offer is back-pressured. */
        public boolean backPressured;
        /** How many of the next offers are lost (reported as sent, never delivered). */
        public int loseNext;
        /** If not 0, only messages of this template count for {@link #loseNext}. */
        public int loseTemplateId;
        private final long id;
        private final byte[] principal;
        private boolean closing;

        Session(final long id, final byte[] principal)
        {
            this.id = id;
            this.principal = principal;
        }

        public long id()
        {
            return id;
        }

        public int responseStreamId()
        {
            return 0;
        }

        public String responseChannel()
        {
            return "fake";
        }

        public byte[] encodedPrincipal()
        {
            return principal;
        }

        public void close()
        {
            closing = true;
        }

        public boolean isClosing()
        {
            return closing;
        }

        public long offer(final DirectBuffer buffer, final int offset, final int length)
        {
            if (backPressured)
            {
                return Publication.BACK_PRESSURED;
            }
            if (loseNext > 0 && (0 == loseTemplateId ||
                loseTemplateId == buffer.getShort(offset + 2, java.nio.ByteOrder.LITTLE_ENDIAN)))
            {
                loseNext--;
                return 1;
            }
            final UnsafeBuffer copy = new UnsafeBuffer(new byte[length]);
            copy.putBytes(0, buffer, offset, length);
            received.add(copy);
            if (null != sink)
            {
                sink.accept(copy);
            }
            return 1;
        }

        public long offer(final DirectBufferVector[] vectors)
        {
            throw new UnsupportedOperationException();
        }

        /**
         * @return the template id of every message received, in order.
         */
        public List<Integer> templates()
        {
            final List<Integer> templates = new ArrayList<>();
            for (final UnsafeBuffer m : received)
            {
                templates.add(m.getShort(2, java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF);
            }
            return templates;
        }

        /**
         * @param templateId a template id.
         * @return the last message of that template received.
         * @throws AssertionError if none came.
         */
        public UnsafeBuffer last(final int templateId)
        {
            for (int i = received.size() - 1; i >= 0; i--)
            {
                final UnsafeBuffer m = received.get(i);
                if ((m.getShort(2, java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF) == templateId)
                {
                    return m;
                }
            }
            throw new AssertionError("no message with template " + templateId + " in " + templates());
        }

        public long tryClaim(final int length, final BufferClaim bufferClaim)
        {
            throw new UnsupportedOperationException();
        }
    }

    public int memberId()
    {
        return 0;
    }

    public Role role()
    {
        return Role.LEADER;
    }

    public long logPosition()
    {
        return 0;
    }

    public Aeron aeron()
    {
        return null;
    }

    public ClusteredServiceContainer.Context context()
    {
        return null;
    }

    public ClientSession getClientSession(final long clusterSessionId)
    {
        return sessions.get(clusterSessionId);
    }

    public Collection<ClientSession> clientSessions()
    {
        return new ArrayList<>(sessions.values());
    }

    public void forEachClientSession(final Consumer<? super ClientSession> action)
    {
        sessions.values().forEach(action);
    }

    /**
     * Marks the session closing; the test delivers the close event ({@link #closeEvent}) when it wants.
     */
    public boolean closeClientSession(final long clusterSessionId)
    {
        final Session session = sessions.get(clusterSessionId);
        if (null == session)
        {
            return false;
        }
        session.close();
        return true;
    }

    /**
     * Deliver a session's close event to the component and forget the session.
     *
     * @param component the component.
     * @param session   the session.
     * @param reason    why.
     */
    public void closeEvent(final BalancerServiceComponent component, final Session session, final CloseReason reason)
    {
        sessions.remove(session.id);
        component.onSessionClose(session, time, reason);
    }

    public TimeUnit timeUnit()
    {
        return TimeUnit.MILLISECONDS;
    }

    public boolean scheduleTimer(final long correlationId, final long deadline)
    {
        timers.put(correlationId, deadline);
        return true;
    }

    public boolean cancelTimer(final long correlationId)
    {
        return null != timers.remove(correlationId);
    }

    public long offer(final DirectBuffer buffer, final int offset, final int length)
    {
        throw new UnsupportedOperationException();
    }

    public long offer(final DirectBufferVector[] vectors)
    {
        throw new UnsupportedOperationException();
    }

    public long tryClaim(final int length, final BufferClaim bufferClaim)
    {
        throw new UnsupportedOperationException();
    }

    public IdleStrategy idleStrategy()
    {
        return NoOpIdleStrategy.INSTANCE;
    }
}
