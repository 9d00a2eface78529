package io.resilientgateways.aeron.service;

import io.aeron.Publication;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * Sends egress to client sessions without losing a message to back pressure: a message that cannot be offered now
 * waits in a per-session FIFO, drained on every later log event: at the latest the receiving gateway's next heartbeat,
 * which is itself a log event. (Not from {@code doBackgroundWork}: Aeron 1.51's service container refuses
 * {@code ClientSession.offer} there with "sending messages or scheduling timers is not allowed".) Only the
 * leader ever queues (followers' offers are mocked and succeed), and the queue is not part of the replicated state,
 * so it cannot make replicas differ.
 * <p>
 * The protocol's own messages (directives, replies) are never dropped to make room for the host's application
 * messages: an application message that would take a queue past {@code maxQueuedBytes} is dropped alone and
 * counted. Only a queue of protocol messages past four times the limit (a session that reads nothing; it times out
 * soon) is dropped whole: the gateway notices the gap in directive sequence numbers and resyncs. A session whose
 * publication is gone (closed, not connected) loses its queue the same way; it re-registers and resyncs.
 */
final class EgressPublisher
{
    private final Long2ObjectHashMap<SessionQueue> queues = new Long2ObjectHashMap<>();
    private final int maxQueuedBytes;
    private int queuedSessions;
    long dropped;
    long droppedApplication;

    EgressPublisher(final int maxQueuedBytes)
    {
        this.maxQueuedBytes = maxQueuedBytes;
    }

    /**
     * @param session   the receiver; null is ignored.
     * @param buffer    the message.
     * @param offset    where it starts.
     * @param length    its length.
     * @param essential true for the protocol's own messages, false for the host's application messages.
     */
    void send(
        final ClientSession session, final DirectBuffer buffer, final int offset, final int length,
        final boolean essential)
    {
        if (null == session)
        {
            return;
        }
        final SessionQueue queue = queues.get(session.id());
        if (null != queue && !queue.isEmpty())
        {
            append(queue, buffer, offset, length, essential);
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
            append(q, buffer, offset, length, essential);
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

    private void append(
        final SessionQueue queue, final DirectBuffer buffer, final int offset, final int length,
        final boolean essential)
    {
        final boolean wasEmpty = queue.isEmpty();
        final long after = (long)queue.size() + length + Integer.BYTES;
        if (!essential && after > maxQueuedBytes)
        {
            dropped++;
            droppedApplication++;
            return;
        }
        if (after > 4L * maxQueuedBytes)
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
