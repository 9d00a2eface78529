package io.resilientgateways.aeron.service;

import io.resilientgateways.aeron.codecs.AddTaskEncoder;
import io.resilientgateways.aeron.codecs.BooleanType;
import io.resilientgateways.aeron.codecs.DrainWorkerEncoder;
import io.resilientgateways.aeron.codecs.ExplainHeaderDecoder;
import io.resilientgateways.aeron.codecs.ExplainTaskEncoder;
import io.resilientgateways.aeron.codecs.HistoryRecordDecoder;
import io.resilientgateways.aeron.codecs.MessageHeaderDecoder;
import io.resilientgateways.aeron.codecs.MessageHeaderEncoder;
import io.resilientgateways.aeron.codecs.MoveTaskEncoder;
import io.resilientgateways.aeron.codecs.QueryHistorySinceEncoder;
import io.resilientgateways.aeron.codecs.QueryPageDecoder;
import io.resilientgateways.aeron.codecs.QueryTasksEncoder;
import io.resilientgateways.aeron.codecs.QueryWorkersEncoder;
import io.resilientgateways.aeron.codecs.RegisterEncoder;
import io.resilientgateways.aeron.codecs.RejectedDecoder;
import io.resilientgateways.aeron.codecs.TaskRowDecoder;
import io.resilientgateways.aeron.codecs.WorkerRowDecoder;
import io.resilientgateways.aeron.protocol.AdapterRejection;
import io.resilientgateways.core.BalancerConfig;
import io.resilientgateways.core.RejectionCode;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin queries of schema version 4 on the real component ({@link FakeCluster} as the leader): pages and cursors,
 * filters, typed rejections of bad filters, history followed by sequence across the bounded ring, and the operator
 * recorded with the transitions an admin command made.
 */
class AdminQueriesTest
{
    private final FakeCluster cluster = new FakeCluster();
    private final BalancerServiceComponent component = new BalancerServiceComponent(new BalancerServiceContext()
        .sessionTimeoutMs(1_000)
        .balancerConfig(new BalancerConfig().historyCapacity(16))
        .maxQueuedEgressBytes(1 << 20));
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[2048]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private FakeCluster.Session admin;
    private long correlationId = 100;

    @BeforeEach
    void start()
    {
        cluster.time(1_000);
        component.onStart(cluster, null);
        component.onNewLeadershipTermEvent(0, cluster.time(), TimeUnit.MILLISECONDS);
        admin = cluster.openSession("admin:ops");
    }

    @Test
    void workersComeInNamePagesWithACursorAndTheirConnectionTimes()
    {
        for (final String name : List.of("gw-3", "gw-1", "gw-2"))
        {
            cluster.time(cluster.time() + 10);
            send(cluster.openSession("gateway:" + name), register(name, 7));
        }
        final List<String> first = new ArrayList<>();
        final QueryPageDecoder page1 = query(queryWorkers("", 2), (m, h) ->
            first.add(nameOf(new WorkerRowDecoder()
                .wrap(m, MessageHeaderDecoder.ENCODED_LENGTH, h.blockLength(), h.version()))),
            WorkerRowDecoder.TEMPLATE_ID);
        assertThat(first).containsExactly("gw-1", "gw-2");
        assertThat(page1.more()).isEqualTo(BooleanType.TRUE);
        assertThat(page1.next()).isEqualTo("gw-2");

        final List<long[]> times = new ArrayList<>();
        final QueryPageDecoder page2 = query(queryWorkers("gw-2", 2), (m, h) ->
        {
            final WorkerRowDecoder d =
                new WorkerRowDecoder().wrap(m, MessageHeaderDecoder.ENCODED_LENGTH, h.blockLength(), h.version());
            times.add(new long[]{d.connectedSince(), d.lastHeard(), d.incarnation()});
        }, WorkerRowDecoder.TEMPLATE_ID);
        assertThat(times).hasSize(1);
        assertThat(times.get(0)).containsExactly(1_010, 1_010, 7);
        assertThat(page2.more()).isEqualTo(BooleanType.FALSE);
    }

    @Test
    void badFiltersGetTypedRejectionsAndNoRows()
    {
        send(cluster.openSession("gateway:gw-1"), register("gw-1", 1));
        expectRejected(queryTasks("", 5, 10), AdapterRejection.BAD_QUERY);         // NONE is no filter
        expectRejected(queryTasks("", 255, 501), AdapterRejection.BAD_QUERY);      // page too large
        expectRejected(queryTasks("", 255, -1), AdapterRejection.BAD_QUERY);
        expectRejected(queryTasks("gw-9", 255, 10), RejectionCode.UNKNOWN_WORKER.value());
        expectRejected(queryTasks("bad name", 255, 10), RejectionCode.INVALID_NAME.value()); // invalid: no correlation
        expectRejected(explain("NO-SUCH", 5), RejectionCode.UNKNOWN_TASK.value());
        expectRejected(historySince(1_000, 10), AdapterRejection.BAD_QUERY);
        expectRejected(historySince(-1, 10), AdapterRejection.BAD_QUERY);
    }

    @Test
    void tasksFilterByOwnerStatusAndPendingReason()
    {
        send(cluster.openSession("gateway:gw-1"), register("gw-1", 1));
        send(cluster.openSession("gateway:gw-2"), register("gw-2", 1));
        for (int i = 1; i <= 6; i++)
        {
            send(admin, addTask("PARTY-" + i, "API_GATEWAY", ""));
        }
        send(admin, addTask("FIX-1", "FIX", ""));
        final List<String[]> owned = new ArrayList<>();
        query(queryTasks("gw-1", 255, 100), (m, h) ->
        {
            final TaskRowDecoder d =
                new TaskRowDecoder().wrap(m, MessageHeaderDecoder.ENCODED_LENGTH, h.blockLength(), h.version());
            final String status = d.status().name();
            skipRequires(d);
            owned.add(new String[]{d.task(), d.owner(), d.target(), status});
        }, TaskRowDecoder.TEMPLATE_ID);
        assertThat(owned).hasSize(3).allSatisfy((row) -> assertThat(row[1] + row[2]).contains("gw-1"));

        final List<String> reasons = new ArrayList<>();
        final QueryTasksEncoder pending = new QueryTasksEncoder().wrapAndApplyHeader(buffer, 0, header)
            .correlationId(++correlationId).pageSize(0).status((short)255)
            .stuckOnly(BooleanType.FALSE).pendingOnly(BooleanType.TRUE).owner("").reasonContains("FIX").after("");
        query(MessageHeaderEncoder.ENCODED_LENGTH + pending.encodedLength(), (m, h) ->
        {
            final TaskRowDecoder d =
                new TaskRowDecoder().wrap(m, MessageHeaderDecoder.ENCODED_LENGTH, h.blockLength(), h.version());
            skipRequires(d);
            reasons.add(d.task() + ":" + d.skipOwner() + d.skipTarget() + ":" + d.pendingReason());
        }, TaskRowDecoder.TEMPLATE_ID);
        assertThat(reasons).hasSize(1);
        assertThat(reasons.get(0)).startsWith("FIX-1:").contains("FIX");
    }

    @Test
    void historyIsFollowedBySequenceAndAReaderThatFellBehindTheRingSeesIt()
    {
        send(cluster.openSession("gateway:gw-1"), register("gw-1", 1));
        for (int i = 1; i <= 4; i++)
        {
            send(admin, addTask("PARTY-" + i, "API_GATEWAY", ""));
        }
        // read everything in pages of 3, without gaps
        final List<Long> seqs = new ArrayList<>();
        long from = 0;
        while (true)
        {
            final QueryPageDecoder page = query(historySince(from, 3), (m, h) -> seqs.add(
                new HistoryRecordDecoder().wrap(m, MessageHeaderDecoder.ENCODED_LENGTH, h.blockLength(), h.version())
                    .seq()), HistoryRecordDecoder.TEMPLATE_ID);
            from = page.nextSeq();
            if (page.more() == BooleanType.FALSE)
            {
                break;
            }
        }
        final long next = component.balancer().historySequence();
        assertThat(next).isGreaterThanOrEqualTo(4);
        assertThat(seqs).hasSize((int)next);
        for (int i = 0; i < seqs.size(); i++)
        {
            assertThat(seqs.get(i)).isEqualTo(i);
        }
        // more transitions than the ring (16) keeps: the reader at `from` learns what it missed
        for (int i = 5; i <= 30; i++)
        {
            send(admin, addTask("PARTY-" + i, "API_GATEWAY", ""));
        }
        final List<Long> after = new ArrayList<>();
        final QueryPageDecoder page = query(historySince(from, 500), (m, h) -> after.add(
            new HistoryRecordDecoder().wrap(m, MessageHeaderDecoder.ENCODED_LENGTH, h.blockLength(), h.version())
                .seq()), HistoryRecordDecoder.TEMPLATE_ID);
        assertThat(page.oldestSeq()).isGreaterThan(from);
        assertThat(after.get(0)).isEqualTo(page.oldestSeq());
        assertThat(page.nextSeq()).isEqualTo(component.balancer().historySequence());
    }

    @Test
    void theOperatorOfAnAdminCommandIsRecordedWithTheTransitionsItMadeAndExplained()
    {
        send(cluster.openSession("gateway:gw-1"), register("gw-1", 1));
        send(cluster.openSession("gateway:gw-2"), register("gw-2", 1));
        send(admin, addTask("PARTY-1", "API_GATEWAY", "alice"));
        final String owner = component.balancer().assignment(io.resilientgateways.core.TaskId.of("PARTY-1"))
            .owner().name();
        final String other = owner.equals("gw-1") ? "gw-2" : "gw-1";
        cluster.time(5_000);
        send(admin, moveTask("PARTY-1", other, "bob"));

        final List<String> lines = new ArrayList<>();
        final long[] since = new long[1];
        query(explain("PARTY-1", 10), (m, h) ->
        {
            if (h.templateId() == ExplainHeaderDecoder.TEMPLATE_ID)
            {
                since[0] = new ExplainHeaderDecoder()
                    .wrap(m, MessageHeaderDecoder.ENCODED_LENGTH, h.blockLength(), h.version()).since();
                return;
            }
            final HistoryRecordDecoder d =
                new HistoryRecordDecoder().wrap(m, MessageHeaderDecoder.ENCODED_LENGTH, h.blockLength(), h.version());
            final String to = d.toStatus().name();
            d.skipTask();
            d.skipWorker();
            d.skipCauseWorker();
            lines.add(to + " " + d.cause() + " by " + d.operatorName());
        }, HistoryRecordDecoder.TEMPLATE_ID, ExplainHeaderDecoder.TEMPLATE_ID);
        assertThat(lines.get(0)).endsWith("by alice");
        assertThat(lines.get(lines.size() - 1)).contains("admin move").endsWith("by bob");
        assertThat(since[0]).isEqualTo(5_000);
    }

    @Test
    void aVersion3DrainWithoutAnOperatorIsStillAccepted()
    {
        send(cluster.openSession("gateway:gw-1"), register("gw-1", 1));
        final DrainWorkerEncoder e = new DrainWorkerEncoder().wrapAndApplyHeader(buffer, 0, header)
            .correlationId(++correlationId).worker("gw-1");
        header.version(3);
        final int before = admin.received.size();
        send(admin, MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength());
        final MessageHeaderDecoder h = new MessageHeaderDecoder().wrap(admin.received.get(before), 0);
        assertThat(h.templateId()).isEqualTo(io.resilientgateways.aeron.codecs.AdminAckDecoder.TEMPLATE_ID);
        assertThat(component.balancer().worker(io.resilientgateways.core.WorkerId.of("gw-1")).status().name())
            .isEqualTo("DRAINING");
    }

    // ------------------------------------------------------------------------------------------- helpers

    private static String nameOf(final WorkerRowDecoder d)
    {
        for (final WorkerRowDecoder.CapabilitiesDecoder c : d.capabilities())
        {
            c.skipCapability();
        }
        return d.name();
    }

    private static void skipRequires(final TaskRowDecoder d)
    {
        for (final TaskRowDecoder.RequiredCapabilitiesDecoder c : d.requiredCapabilities())
        {
            c.skipCapability();
        }
    }

    private interface RowHandler
    {
        void onRow(UnsafeBuffer message, MessageHeaderDecoder header);
    }

    private QueryPageDecoder query(final int length, final RowHandler rows, final int... rowTemplates)
    {
        final int before = admin.received.size();
        send(admin, length);
        QueryPageDecoder page = null;
        for (int i = before; i < admin.received.size(); i++)
        {
            final UnsafeBuffer m = admin.received.get(i);
            final MessageHeaderDecoder h = new MessageHeaderDecoder().wrap(m, 0);
            if (h.templateId() == QueryPageDecoder.TEMPLATE_ID)
            {
                page = new QueryPageDecoder().wrap(m, MessageHeaderDecoder.ENCODED_LENGTH, h.blockLength(), h.version());
            }
            else if (h.templateId() == RejectedDecoder.TEMPLATE_ID)
            {
                throw new AssertionError("rejected: " + new RejectedDecoder()
                    .wrap(m, MessageHeaderDecoder.ENCODED_LENGTH, h.blockLength(), h.version()));
            }
            else
            {
                for (final int t : rowTemplates)
                {
                    if (t == h.templateId())
                    {
                        rows.onRow(m, h);
                    }
                }
            }
        }
        assertThat(page).as("QueryPage ends the reply").isNotNull();
        return page;
    }

    private void expectRejected(final int length, final int code)
    {
        final int before = admin.received.size();
        send(admin, length);
        assertThat(admin.received).hasSize(before + 1);
        final UnsafeBuffer m = admin.received.get(before);
        final MessageHeaderDecoder h = new MessageHeaderDecoder().wrap(m, 0);
        assertThat(h.templateId()).isEqualTo(RejectedDecoder.TEMPLATE_ID);
        final RejectedDecoder d =
            new RejectedDecoder().wrap(m, MessageHeaderDecoder.ENCODED_LENGTH, h.blockLength(), h.version());
        assertThat(d.code()).as(d.toString()).isEqualTo(code);
        assertThat(d.correlationId()).isIn(correlationId, 0L);
    }

    private void send(final FakeCluster.Session session, final int length)
    {
        assertThat(component.onSessionMessage(session, cluster.time(), buffer, 0, length)).isTrue();
        header.version(MessageHeaderEncoder.SCHEMA_VERSION);
    }

    private int register(final String name, final long incarnation)
    {
        final RegisterEncoder e = new RegisterEncoder().wrapAndApplyHeader(buffer, 0, header)
            .correlationId(1).incarnation(incarnation).capacity(1).protocolVersion(1).sendTimeNs(1)
            .holdsTasks(BooleanType.FALSE);
        e.capabilitiesCount(1).next().capability("API_GATEWAY");
        e.name(name);
        return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
    }

    private int addTask(final String task, final String capability, final String operator)
    {
        final AddTaskEncoder e = new AddTaskEncoder().wrapAndApplyHeader(buffer, 0, header)
            .correlationId(++correlationId).weight(1);
        e.requiredCapabilitiesCount(1).next().capability(capability);
        e.task(task).operatorName(operator);
        return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
    }

    private int moveTask(final String task, final String worker, final String operator)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + new MoveTaskEncoder().wrapAndApplyHeader(buffer, 0, header)
            .correlationId(++correlationId).task(task).worker(worker).operatorName(operator).encodedLength();
    }

    private int queryWorkers(final String after, final int pageSize)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + new QueryWorkersEncoder().wrapAndApplyHeader(buffer, 0, header)
            .correlationId(++correlationId).pageSize(pageSize).after(after).encodedLength();
    }

    private int queryTasks(final String owner, final int status, final int pageSize)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + new QueryTasksEncoder().wrapAndApplyHeader(buffer, 0, header)
            .correlationId(++correlationId).pageSize(pageSize).status((short)status)
            .stuckOnly(BooleanType.FALSE).pendingOnly(BooleanType.FALSE).owner(owner).reasonContains("").after("")
            .encodedLength();
    }

    private int explain(final String task, final int max)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + new ExplainTaskEncoder().wrapAndApplyHeader(buffer, 0, header)
            .correlationId(++correlationId).maxTransitions(max).task(task).encodedLength();
    }

    private int historySince(final long from, final int pageSize)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + new QueryHistorySinceEncoder()
            .wrapAndApplyHeader(buffer, 0, header)
            .correlationId(++correlationId).fromSeq(from).pageSize(pageSize).task("").worker("").encodedLength();
    }
}
