package io.resilientgateways.aeron.service;

import io.aeron.Publication;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * Sends egress to client sessions without losing a message to back pressure: a message that cannot be offered now
 * waits in a per-session FIFO, drained on every later log event. Only the leader ever queues (followers' offers
 * are mocked and succeed), and the queue is not part of the replicated state, so it cannot make replicas differ.
 * <p>
 * A queue that grows past its limit is dropped and counted: the gateway notices the gap in directive sequence
 * numbers on its next heartbeat reply and resyncs. A session whose publication is gone (closed, not connected)
 * loses its queue the same way; it re-registers and resyncs on reconnect.
 */
final class EgressPublisher
{
    private final Long2ObjectHashMap<SessionQueue> queues = new Long2ObjectHashMap<>();
    private final int maxQueuedBytes;
    private int queuedSessions;
    long dropped;

    EgressPublisher(final int maxQueuedBytes)
    {
        this.maxQueuedBytes = maxQueuedBytes;
    }

    void send(final ClientSession session, final DirectBuffer buffer, final int offset, final int length)
    {
        if (null == session)
        {
            return;
        }
        final SessionQueue queue = queues.get(session.id());
        if (null != queue && !queue.isEmpty())
        {
            append(queue, buffer, offset, length);
            return;
        }
        final long result = session.offer(buffer, offset, length);
        if (result > 0)
        {
            return;
        }
        if (Publication.BACK_PRESSURED == result || Publication.ADMIN_ACTION == result)
        {
            SessionQueue q = queue;
            if (null == q)
            {
                q = new SessionQueue(session.id());
                queues.put(session.id(), q);
            }
            append(q, buffer, offset, length);
        }
        else
        {
            dropped++;
        }
    }

    int drain(final Cluster cluster)
    {
        if (0 == queuedSessions)
        {
            return 0;
        }
        int work = 0;
        final Long2ObjectHashMap<SessionQueue>.ValueIterator it = queues.values().iterator();
        while (it.hasNext())
        {
            final SessionQueue queue = it.next();
            if (queue.isEmpty())
            {
                continue;
            }
            final ClientSession session = cluster.getClientSession(queue.sessionId);
            if (null == session)
            {
                dropped++;
                queue.clear();
                queuedSessions--;
                continue;
            }
            work += queue.drain(session);
            if (queue.dropped)
            {
                queue.dropped = false;
                dropped++;
            }
            if (queue.isEmpty())
            {
                queuedSessions--;
            }
        }
        return work;
    }

    void remove(final long sessionId)
    {
        final SessionQueue queue = queues.remove(sessionId);
        if (null != queue && !queue.isEmpty())
        {
            queuedSessions--;
        }
    }

    void clear()
    {
        queues.clear();
        queuedSessions = 0;
    }

    private void append(final SessionQueue queue, final DirectBuffer buffer, final int offset, final int length)
    {
        final boolean wasEmpty = queue.isEmpty();
        if (queue.size() + length + Integer.BYTES > maxQueuedBytes)
        {
            dropped++;
            queue.clear();
            if (!wasEmpty)
            {
                queuedSessions--;
            }
            return;
        }
        queue.append(buffer, offset, length);
        if (wasEmpty)
        {
            queuedSessions++;
        }
    }

    private static final class SessionQueue
    {
        final long sessionId;
        final ExpandableArrayBuffer data = new ExpandableArrayBuffer(4096);
        int head;
        int tail;
        boolean dropped;

        SessionQueue(final long sessionId)
        {
            this.sessionId = sessionId;
        }

        boolean isEmpty()
        {
            return head == tail;
        }

        int size()
        {
            return tail - head;
        }

        void clear()
        {
            head = 0;
            tail = 0;
        }

        void append(final DirectBuffer buffer, final int offset, final int length)
        {
            data.putInt(tail, length);
            data.putBytes(tail + Integer.BYTES, buffer, offset, length);
            tail += Integer.BYTES + length;
        }

        int drain(final ClientSession session)
        {
            int work = 0;
            while (head < tail)
            {
                final int length = data.getInt(head);
                final long result = session.offer(data, head + Integer.BYTES, length);
                if (result > 0)
                {
                    head += Integer.BYTES + length;
                    work++;
                }
                else if (Publication.BACK_PRESSURED == result || Publication.ADMIN_ACTION == result)
                {
                    break;
                }
                else
                {
                    dropped = true;
                    clear();
                    return work;
                }
            }
            if (head == tail)
            {
                clear();
            }
            else if (head > data.capacity() / 2)
            {
                data.putBytes(0, data, head, tail - head);
                tail -= head;
                head = 0;
            }
            return work;
        }
    }
}
