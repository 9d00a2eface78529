package io.resilientgateways.aeron.service;

import io.resilientgateways.aeron.protocol.Protocol;
import io.aeron.cluster.service.ClientSession;
import io.resilientgateways.aeron.codecs.AdminAckEncoder;
import io.resilientgateways.aeron.codecs.AdminDoneEncoder;
import io.resilientgateways.aeron.codecs.AssignmentInfoEncoder;
import io.resilientgateways.aeron.codecs.BooleanType;
import io.resilientgateways.aeron.codecs.CloseEncoder;
import io.resilientgateways.aeron.codecs.ClusterSummaryEncoder;
import io.resilientgateways.aeron.codecs.SettingsEncoder;
import io.resilientgateways.aeron.codecs.ExplainHeaderEncoder;
import io.resilientgateways.aeron.codecs.HistoryRecordEncoder;
import io.resilientgateways.aeron.codecs.QueryPageEncoder;
import io.resilientgateways.aeron.codecs.TaskRowEncoder;
import io.resilientgateways.aeron.codecs.WorkerRowEncoder;
import io.resilientgateways.aeron.codecs.WorkerStatusCode;
import io.resilientgateways.core.TaskInfo;
import io.resilientgateways.core.WorkerInfo;
import io.resilientgateways.core.WorkerStatus;
import io.resilientgateways.aeron.codecs.HeartbeatReplyEncoder;
import io.resilientgateways.aeron.codecs.HistoryEntryEncoder;
import io.resilientgateways.aeron.codecs.MessageHeaderEncoder;
import io.resilientgateways.aeron.codecs.OpenEncoder;
import io.resilientgateways.aeron.codecs.RegisteredEncoder;
import io.resilientgateways.aeron.codecs.RejectedEncoder;
import io.resilientgateways.aeron.codecs.ResyncDoneEncoder;
import io.resilientgateways.aeron.codecs.TaskStatusCode;
import io.resilientgateways.core.Assignment;
import io.resilientgateways.core.TaskStatus;
import io.resilientgateways.core.Transition;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Encodes the service's egress into one reused buffer and hands it to the {@link EgressPublisher}.
 * Not thread-safe: one per service.
 */
final class EgressProxy
{
    private static final int BUFFER_LENGTH = 4096;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[BUFFER_LENGTH]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final RegisteredEncoder registered = new RegisteredEncoder();
    private final RejectedEncoder rejected = new RejectedEncoder();
    private final OpenEncoder open = new OpenEncoder();
    private final CloseEncoder close = new CloseEncoder();
    private final HeartbeatReplyEncoder heartbeatReply = new HeartbeatReplyEncoder();
    private final ResyncDoneEncoder resyncDone = new ResyncDoneEncoder();
    private final AdminAckEncoder adminAck = new AdminAckEncoder();
    private final AssignmentInfoEncoder assignmentInfo = new AssignmentInfoEncoder();
    private final HistoryEntryEncoder historyEntry = new HistoryEntryEncoder();
    private final AdminDoneEncoder adminDone = new AdminDoneEncoder();
    private final WorkerRowEncoder workerRow = new WorkerRowEncoder();
    private final TaskRowEncoder taskRow = new TaskRowEncoder();
    private final ExplainHeaderEncoder explainHeader = new ExplainHeaderEncoder();
    private final QueryPageEncoder queryPage = new QueryPageEncoder();
    private final HistoryRecordEncoder historyRecord = new HistoryRecordEncoder();
    private final ClusterSummaryEncoder clusterSummary = new ClusterSummaryEncoder();
    private final SettingsEncoder settingsEncoder = new SettingsEncoder();
    private final EgressPublisher publisher;

    EgressProxy(final EgressPublisher publisher)
    {
        this.publisher = publisher;
    }

    void registered(
        final ClientSession session,
        final long correlationId,
        final long seq,
        final boolean resumed,
        final long sendTimeNs,
        final long sessionTimeoutNs)
    {
        registered.wrapAndApplyHeader(buffer, 0, header)
            .correlationId(correlationId)
            .directiveSeq(seq)
            .resumed(resumed ? BooleanType.TRUE : BooleanType.FALSE)
            .sendTimeNs(sendTimeNs)
            .sessionTimeoutNs(sessionTimeoutNs);
        send(session, registered.encodedLength());
    }

    void rejected(
        final ClientSession session, final long correlationId, final int code, final int templateId, final String text)
    {
        rejected.wrapAndApplyHeader(buffer, 0, header)
            .correlationId(correlationId)
            .code(code)
            .templateId(templateId)
            .text(null == text ? "" : text.length() > Protocol.MAX_TEXT_LENGTH ?
                text.substring(0, Protocol.MAX_TEXT_LENGTH) : text);
        send(session, rejected.encodedLength());
    }

    void open(final ClientSession session, final long seq, final long epoch, final int handle, final String task)
    {
        open.wrapAndApplyHeader(buffer, 0, header).seq(seq).epoch(epoch).taskHandle(handle).task(task);
        send(session, open.encodedLength());
    }

    void close(final ClientSession session, final long seq, final long epoch, final int handle, final String task)
    {
        close.wrapAndApplyHeader(buffer, 0, header).seq(seq).epoch(epoch).taskHandle(handle).task(task);
        send(session, close.encodedLength());
    }

    void open(
        final ClientSession session, final long seq, final long epoch, final int handle, final byte[] task,
        final int length)
    {
        open.wrapAndApplyHeader(buffer, 0, header).seq(seq).epoch(epoch).taskHandle(handle).putTask(task, 0, length);
        send(session, open.encodedLength());
    }

    void close(
        final ClientSession session, final long seq, final long epoch, final int handle, final byte[] task,
        final int length)
    {
        close.wrapAndApplyHeader(buffer, 0, header).seq(seq).epoch(epoch).taskHandle(handle).putTask(task, 0, length);
        send(session, close.encodedLength());
    }

    void heartbeatReply(
        final ClientSession session, final long correlationId, final long sendTimeNs, final long seq, final long time)
    {
        heartbeatReply.wrapAndApplyHeader(buffer, 0, header)
            .correlationId(correlationId)
            .sendTimeNs(sendTimeNs)
            .directiveSeq(seq)
            .clusterTime(time);
        send(session, heartbeatReply.encodedLength());
    }

    void resyncDone(final ClientSession session, final long correlationId, final long seq, final int count)
    {
        resyncDone.wrapAndApplyHeader(buffer, 0, header).correlationId(correlationId).directiveSeq(seq).taskCount(count);
        send(session, resyncDone.encodedLength());
    }

    void settings(final ClientSession session, final long correlationId, final ServiceSettings s, final long lastEpoch)
    {
        settingsEncoder.wrapAndApplyHeader(buffer, 0, header)
            .correlationId(correlationId)
            .policyVersion(s.policyVersion)
            .gracePeriod(s.values[ServiceSettings.GRACE_PERIOD])
            .handoffTimeout(s.values[ServiceSettings.HANDOFF_TIMEOUT])
            .rebalanceDelay(s.values[ServiceSettings.REBALANCE_DELAY])
            .releaseBackoff(s.values[ServiceSettings.RELEASE_BACKOFF])
            .maxMovesPerRound((int)s.values[ServiceSettings.MAX_MOVES_PER_ROUND])
            .historyCapacity((int)s.values[ServiceSettings.HISTORY_CAPACITY])
            .maxWorkers((int)s.values[ServiceSettings.MAX_WORKERS])
            .maxTasks((int)s.values[ServiceSettings.MAX_TASKS])
            .epochFloor(s.epochFloor)
            .lastEpoch(lastEpoch)
            .changes(s.changes)
            .changedAt(s.changedAt)
            .policy(s.policy)
            .changedBy(s.changedBy);
        send(session, settingsEncoder.encodedLength());
    }

    void adminAck(final ClientSession session, final long correlationId)
    {
        adminAck.wrapAndApplyHeader(buffer, 0, header).correlationId(correlationId);
        send(session, adminAck.encodedLength());
    }

    void assignment(final ClientSession session, final long correlationId, final Assignment a)
    {
        assignmentInfo.wrapAndApplyHeader(buffer, 0, header)
            .correlationId(correlationId)
            .epoch(a.epoch())
            .status(code(a.status()))
            .stuck(a.stuck() ? BooleanType.TRUE : BooleanType.FALSE)
            .task(a.task().name())
            .owner(null == a.owner() ? "" : a.owner().name())
            .target(null == a.target() ? "" : a.target().name());
        send(session, assignmentInfo.encodedLength());
    }

    void history(final ClientSession session, final long correlationId, final Transition t)
    {
        final String cause = t.describe();
        historyEntry.wrapAndApplyHeader(buffer, 0, header)
            .correlationId(correlationId)
            .time(t.time())
            .epoch(t.epoch())
            .fromStatus(code(t.from()))
            .toStatus(code(t.to()))
            .task(t.task().name())
            .worker(null == t.worker() ? "" : t.worker().name())
            .cause(cause.length() > Protocol.MAX_TEXT_LENGTH ? cause.substring(0, Protocol.MAX_TEXT_LENGTH) : cause);
        send(session, historyEntry.encodedLength());
    }

    void adminDone(final ClientSession session, final long correlationId, final int count)
    {
        adminDone.wrapAndApplyHeader(buffer, 0, header).correlationId(correlationId).count(count);
        send(session, adminDone.encodedLength());
    }

    void workerRow(
        final ClientSession session,
        final long correlationId,
        final WorkerInfo w,
        final long incarnation,
        final long connectedSince,
        final long lastHeard)
    {
        workerRow.wrapAndApplyHeader(buffer, 0, header)
            .correlationId(correlationId)
            .incarnation(incarnation)
            .capacity(w.capacity())
            .load(w.load())
            .taskCount(w.taskCount())
            .status(code(w.status()))
            .detached(w.detached() ? BooleanType.TRUE : BooleanType.FALSE)
            .connectedSince(connectedSince)
            .lastHeard(lastHeard);
        final java.util.List<String> caps = w.capabilities().names();
        final WorkerRowEncoder.CapabilitiesEncoder group = workerRow.capabilitiesCount(caps.size());
        for (int i = 0, n = caps.size(); i < n; i++)
        {
            group.next().capability(caps.get(i));
        }
        workerRow.name(w.id().name());
        send(session, workerRow.encodedLength());
    }

    void taskRow(
        final ClientSession session, final long correlationId, final Assignment a, final TaskInfo info,
        final String pendingReason)
    {
        taskRow.wrapAndApplyHeader(buffer, 0, header)
            .correlationId(correlationId)
            .epoch(a.epoch())
            .weight(null == info ? 0 : info.weight())
            .status(code(a.status()))
            .stuck(a.stuck() ? BooleanType.TRUE : BooleanType.FALSE)
            .movable(null != info && info.movable() ? BooleanType.TRUE : BooleanType.FALSE);
        final java.util.List<String> caps =
            null == info ? java.util.List.of() : info.requires().names();
        final TaskRowEncoder.RequiredCapabilitiesEncoder group = taskRow.requiredCapabilitiesCount(caps.size());
        for (int i = 0, n = caps.size(); i < n; i++)
        {
            group.next().capability(caps.get(i));
        }
        taskRow.task(a.task().name())
            .owner(null == a.owner() ? "" : a.owner().name())
            .target(null == a.target() ? "" : a.target().name())
            .pendingReason(cut(null == pendingReason ? "" : pendingReason));
        send(session, taskRow.encodedLength());
    }

    void explainHeader(final ClientSession session, final long correlationId, final long since, final int kept)
    {
        explainHeader.wrapAndApplyHeader(buffer, 0, header).correlationId(correlationId).since(since).transitionsKept(kept);
        send(session, explainHeader.encodedLength());
    }

    void historyRecord(
        final ClientSession session, final long correlationId, final long seq, final Transition t, final String operator)
    {
        historyRecord.wrapAndApplyHeader(buffer, 0, header)
            .correlationId(correlationId)
            .seq(seq)
            .time(t.time())
            .epoch(t.epoch())
            .fromStatus(code(t.from()))
            .toStatus(code(t.to()))
            .task(t.task().name())
            .worker(null == t.worker() ? "" : t.worker().name())
            .causeWorker(null == t.causeWorker() ? "" : t.causeWorker().name())
            .cause(cut(t.describe()))
            .operatorName(operator);
        send(session, historyRecord.encodedLength());
    }

    void queryPage(
        final ClientSession session,
        final long correlationId,
        final int count,
        final boolean more,
        final long nextSeq,
        final long oldestSeq,
        final long clusterTime,
        final String next)
    {
        queryPage.wrapAndApplyHeader(buffer, 0, header)
            .correlationId(correlationId)
            .count(count)
            .more(more ? BooleanType.TRUE : BooleanType.FALSE)
            .nextSeq(nextSeq)
            .oldestSeq(oldestSeq)
            .clusterTime(clusterTime)
            .next(next);
        send(session, queryPage.encodedLength());
    }

    ClusterSummaryEncoder clusterSummary(final long correlationId)
    {
        return clusterSummary.wrapAndApplyHeader(buffer, 0, header).correlationId(correlationId);
    }

    void sendClusterSummary(final ClientSession session)
    {
        send(session, clusterSummary.encodedLength());
    }

    private static String cut(final String text)
    {
        return text.length() > Protocol.MAX_TEXT_LENGTH ? text.substring(0, Protocol.MAX_TEXT_LENGTH) : text;
    }

    static WorkerStatusCode code(final WorkerStatus status)
    {
        return switch (status)
        {
            case LIVE -> WorkerStatusCode.LIVE;
            case DRAINING -> WorkerStatusCode.DRAINING;
            case DEPARTED -> WorkerStatusCode.DEPARTED;
        };
    }

    static TaskStatusCode code(final TaskStatus status)
    {
        if (null == status)
        {
            return TaskStatusCode.NONE;
        }
        // by name, not ordinal: reordering core's enum must not silently change the wire values
        return switch (status)
        {
            case PENDING -> TaskStatusCode.PENDING;
            case OPENING -> TaskStatusCode.OPENING;
            case OPEN -> TaskStatusCode.OPEN;
            case CLOSING -> TaskStatusCode.CLOSING;
            case RESERVED -> TaskStatusCode.RESERVED;
        };
    }

    private void send(final ClientSession session, final int bodyLength)
    {
        publisher.send(session, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + bodyLength, true);
    }
}
