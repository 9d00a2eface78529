package io.resilientgateways.aeron.service;

import io.resilientgateways.aeron.codecs.AddTasksEncoder;
import io.resilientgateways.aeron.codecs.AdminDoneDecoder;
import io.resilientgateways.aeron.codecs.BooleanType;
import io.resilientgateways.aeron.codecs.MessageHeaderDecoder;
import io.resilientgateways.aeron.codecs.MessageHeaderEncoder;
import io.resilientgateways.aeron.codecs.OpenDecoder;
import io.resilientgateways.aeron.codecs.RegisterEncoder;
import io.resilientgateways.aeron.codecs.RejectedDecoder;
import io.resilientgateways.aeron.protocol.AdapterRejection;
import io.resilientgateways.aeron.protocol.Protocol;
import io.resilientgateways.core.RejectionCode;
import io.resilientgateways.core.TaskId;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code AddTasks} command (schema version 7) through the service's ingress on an in-memory leader
 * ({@link FakeCluster}): decoded, checked and applied all or none, every refusal typed, with the state unchanged.
 */
class AddTasksCommandTest
{
    private final FakeCluster cluster = new FakeCluster();
    private final BalancerServiceComponent component = new BalancerServiceComponent(new BalancerServiceContext()
        .sessionTimeoutMs(1_000)
        .restartReconnectWindowMs(10_000));
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128 * 1024]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private FakeCluster.Session admin;
    private FakeCluster.Session gw1;
    private FakeCluster.Session gw2;

    /** A task as encoded: name, weight, required capabilities. */
    private record T(String name, int weight, List<String> requires)
    {
        static T of(final String name)
        {
            return new T(name, 1, List.of("API_GATEWAY"));
        }
    }

    @BeforeEach
    void start()
    {
        cluster.time(1_000);
        component.onStart(cluster, null);
        component.onNewLeadershipTermEvent(0, cluster.time(), TimeUnit.MILLISECONDS);
        admin = cluster.openSession("admin:ops");
        gw1 = cluster.openSession("gateway:gw-1");
        gw2 = cluster.openSession("gateway:gw-2");
        send(gw1, register("gw-1"));
        send(gw2, register("gw-2"));
    }

    @Test
    void addsEveryTaskInOneCommandAndOpensThemOnTheWorkers()
    {
        final List<T> tasks = new ArrayList<>();
        for (int i = 0; i < 1_000; i++)
        {
            tasks.add(T.of(String.format("PARTY-%04d", i)));
        }
        final long historyBefore = component.balancer().historySequence();
        send(admin, addTasks(7, "alice", tasks));

        assertThat(lastDoneCount(admin, 7)).isEqualTo(1_000);
        assertThat(component.balancer().assignments()).hasSize(1_000);
        final List<String> opened = new ArrayList<>(opens(gw1));
        opened.addAll(opens(gw2));
        Collections.sort(opened);
        assertThat(opened).containsExactlyElementsOf(tasks.stream().map(T::name).toList());
        assertThat(opens(gw1).size() - opens(gw2).size()).isBetween(-1, 1);
        // the transitions it caused name the operator who sent it
        final long historyAfter = component.balancer().historySequence();
        assertThat(historyAfter).isGreaterThanOrEqualTo(historyBefore + 1_000);
        assertThat(component.audit.operatorOf(historyBefore)).isEqualTo("alice");
        assertThat(component.audit.operatorOf(historyAfter - 1)).isEqualTo("alice");
        assertThat(component.audit.operatorOf(historyAfter)).isEmpty();
    }

    @Test
    void oneCommandLeavesTheSameStateAsOneAddTaskPerTaskAtTheSameTime()
    {
        final List<T> tasks = new ArrayList<>();
        for (int i = 0; i < 300; i++)
        {
            tasks.add(new T(String.format("PARTY-%04d", i), 1 + i % 3, i % 7 == 0 ? List.of() : List.of("API_GATEWAY")));
        }
        send(admin, addTasks(1, "", tasks));

        final FakeCluster other = new FakeCluster();
        final BalancerServiceComponent single = new BalancerServiceComponent(new BalancerServiceContext()
            .sessionTimeoutMs(1_000)
            .restartReconnectWindowMs(10_000));
        other.time(1_000);
        single.onStart(other, null);
        single.onNewLeadershipTermEvent(0, other.time(), TimeUnit.MILLISECONDS);
        final FakeCluster.Session otherAdmin = other.openSession("admin:ops");
        final FakeCluster.Session otherGw1 = other.openSession("gateway:gw-1");
        final FakeCluster.Session otherGw2 = other.openSession("gateway:gw-2");
        assertThat(single.onSessionMessage(otherGw1, other.time(), buffer, 0, register("gw-1"))).isTrue();
        assertThat(single.onSessionMessage(otherGw2, other.time(), buffer, 0, register("gw-2"))).isTrue();
        for (final T t : tasks)
        {
            final io.resilientgateways.aeron.codecs.AddTaskEncoder e = new io.resilientgateways.aeron.codecs
                .AddTaskEncoder().wrapAndApplyHeader(buffer, 0, header).correlationId(1).weight(t.weight());
            final io.resilientgateways.aeron.codecs.AddTaskEncoder.RequiredCapabilitiesEncoder caps =
                e.requiredCapabilitiesCount(t.requires().size());
            t.requires().forEach((c) -> caps.next().capability(c));
            e.task(t.name()).operatorName("");
            assertThat(single.onSessionMessage(otherAdmin, other.time(), buffer, 0,
                MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength())).isTrue();
        }

        assertThat(component.balancer().snapshot()).isEqualTo(single.balancer().snapshot());
        assertThat(opens(gw1)).isEqualTo(opens(otherGw1));
        assertThat(opens(gw2)).isEqualTo(opens(otherGw2));
        assertThat(opens(gw1)).isNotEmpty();
    }

    @Test
    void aDuplicateInTheBatchOrInTheEngineRefusesTheWholeCommand()
    {
        send(admin, addTasks(1, "", List.of(T.of("PARTY-1"))));
        final byte[] before = snapshotOf();

        send(admin, addTasks(2, "", List.of(T.of("PARTY-2"), T.of("PARTY-3"), T.of("PARTY-2"))));
        assertRejected(2, RejectionCode.DUPLICATE_TASK.value());
        send(admin, addTasks(3, "", List.of(T.of("PARTY-4"), T.of("PARTY-1"))));
        assertRejected(3, RejectionCode.DUPLICATE_TASK.value());

        assertThat(snapshotOf()).isEqualTo(before);
        assertThat(component.balancer().assignment(TaskId.of("PARTY-2"))).isNull();
        assertThat(component.balancer().assignment(TaskId.of("PARTY-4"))).isNull();
    }

    @Test
    void withSkipExistingTheTasksHeldAlreadyAreLeftAndOnlyTheMissingAreAdded()
    {
        send(admin, addTasks(1, "", List.of(T.of("PARTY-1"), T.of("PARTY-2"))));
        assertThat(lastDoneCount(admin, 1)).isEqualTo(2);
        final long epoch = component.balancer().assignment(TaskId.of("PARTY-2")).epoch();

        // the same load again, with more: without the flag refused whole, with it only the missing are added
        final List<T> again = List.of(T.of("PARTY-1"), new T("PARTY-2", 3, List.of()), T.of("PARTY-3"));
        send(admin, addTasks(2, "", again));
        assertRejected(2, RejectionCode.DUPLICATE_TASK.value());
        send(admin, addTasks(3, "", again, BooleanType.TRUE));
        assertThat(lastDoneCount(admin, 3)).isEqualTo(1);
        assertThat(component.balancer().assignments()).hasSize(3);
        assertThat(component.balancer().assignment(TaskId.of("PARTY-2")).epoch()).as("left as it was")
            .isEqualTo(epoch);
        assertThat(component.balancer().task(TaskId.of("PARTY-2")).weight()).isEqualTo(1);

        // all held already: nothing changes, not even the clock
        final byte[] before = snapshotOf();
        send(admin, addTasks(4, "", again, BooleanType.TRUE));
        assertThat(lastDoneCount(admin, 4)).isZero();
        assertThat(snapshotOf()).isEqualTo(before);

        // a task twice in the command is still the sender's mistake
        send(admin, addTasks(5, "", List.of(T.of("PARTY-4"), T.of("PARTY-4")), BooleanType.TRUE));
        assertRejected(5, RejectionCode.DUPLICATE_TASK.value());
        assertThat(snapshotOf()).isEqualTo(before);
    }

    @Test
    void aSkipExistingFlagThatIsNeitherTrueNorFalseIsMalformed()
    {
        final int length = addTasks(6, "", List.of(T.of("PARTY-1")));
        buffer.putByte(MessageHeaderEncoder.ENCODED_LENGTH + AddTasksEncoder.skipExistingEncodingOffset(), (byte)7);
        send(admin, length);
        assertRejected(0, AdapterRejection.MALFORMED);
        assertThat(component.balancer().assignments()).isEmpty();
    }

    @Test
    void aBadWeightOrNameAnywhereRefusesTheWholeCommand()
    {
        final byte[] before = snapshotOf();
        send(admin, addTasks(4, "", List.of(T.of("PARTY-1"), new T("PARTY-2", 0, List.of()), T.of("PARTY-3"))));
        assertRejected(4, RejectionCode.INVALID_NUMBER.value());
        send(admin, addTasks(5, "", List.of(T.of("PARTY-1"), T.of("not a name"))));
        assertRejected(0, RejectionCode.INVALID_NAME.value());
        send(admin, addTasks(6, "", List.of(T.of("PARTY-1"), new T("PARTY-2", 1, List.of("bad cap!")))));
        assertRejected(0, RejectionCode.INVALID_NAME.value());
        send(admin, addTasks(7, "", List.of(T.of("PARTY-1"), T.of("x".repeat(Protocol.MAX_NAME_LENGTH + 1)))));
        assertRejected(0, AdapterRejection.FIELD_TOO_LONG);
        send(admin, addTasks(8, "", List.of(
            new T("PARTY-1", 1, Collections.nCopies(Protocol.MAX_CAPABILITIES + 1, "API_GATEWAY")))));
        assertRejected(0, AdapterRejection.FIELD_TOO_LONG);
        send(admin, addTasks(9, "bad operator!", List.of(T.of("PARTY-1"))));
        assertRejected(0, RejectionCode.INVALID_NAME.value());
        assertThat(snapshotOf()).isEqualTo(before);
        assertThat(component.balancer().assignments()).isEmpty();
    }

    @Test
    void moreTasksThanOneCommandMayHoldAreRefusedBeforeAnyIsRead()
    {
        final List<T> tasks = new ArrayList<>();
        for (int i = 0; i <= Protocol.MAX_TASKS_PER_COMMAND; i++)
        {
            tasks.add(new T("T" + i, 1, List.of()));
        }
        send(admin, addTasks(10, "", tasks));
        assertRejected(0, AdapterRejection.FIELD_TOO_LONG);
        tasks.remove(tasks.size() - 1);
        send(admin, addTasks(11, "", tasks));
        assertThat(lastDoneCount(admin, 11)).isEqualTo(Protocol.MAX_TASKS_PER_COMMAND);
        assertThat(component.balancer().assignments()).hasSize(Protocol.MAX_TASKS_PER_COMMAND);
    }

    @Test
    void everyTruncationIsAMalformedRejectionWithTheStateUnchanged()
    {
        final List<T> tasks = List.of(T.of("PARTY-1"), new T("PARTY-2", 3, List.of("API_GATEWAY", "FIX")));
        final int length = addTasks(12, "alice", tasks);
        final byte[] before = snapshotOf();
        for (int cut = MessageHeaderEncoder.ENCODED_LENGTH; cut < length; cut++)
        {
            final int rejectionsBefore = rejections(admin);
            addTasks(12, "alice", tasks);
            assertThat(component.onSessionMessage(admin, cluster.time(), buffer, 0, cut)).isTrue();
            // only the operator name may be missing whole (an encoder of the older layout): then it is a valid command
            if (rejections(admin) == rejectionsBefore)
            {
                assertThat(cut).isEqualTo(length - 2 - "alice".length());
                assertThat(component.balancer().assignments()).hasSize(2);
                return;
            }
            assertThat(snapshotOf()).isEqualTo(before);
        }
        throw new AssertionError("no cut was accepted");
    }

    @Test
    void aViewerMayNotAddTasks()
    {
        final FakeCluster.Session viewer = cluster.openSession("viewer:watcher");
        send(viewer, addTasks(13, "", List.of(T.of("PARTY-1"))));
        final RejectedDecoder rejected = decoder(viewer.last(RejectedDecoder.TEMPLATE_ID));
        assertThat(rejected.code()).isEqualTo(AdapterRejection.UNAUTHORISED);
        assertThat(rejected.templateId()).isEqualTo(AddTasksEncoder.TEMPLATE_ID);
        assertThat(component.balancer().assignments()).isEmpty();
    }

    @Test
    void anEmptyCommandIsAcceptedAndChangesNothing()
    {
        final byte[] before = snapshotOf();
        send(admin, addTasks(14, "", List.of()));
        assertThat(lastDoneCount(admin, 14)).isZero();
        assertThat(snapshotOf()).isEqualTo(before);
    }

    // ------------------------------------------------------------------------------------------- helpers

    private byte[] snapshotOf()
    {
        return component.balancer().snapshot();
    }

    private void send(final FakeCluster.Session session, final int length)
    {
        assertThat(component.onSessionMessage(session, cluster.time(), buffer, 0, length)).isTrue();
    }

    private int register(final String name)
    {
        final RegisterEncoder e = new RegisterEncoder().wrapAndApplyHeader(buffer, 0, header)
            .correlationId(1).incarnation(name.hashCode()).capacity(1).protocolVersion(1).sendTimeNs(1)
            .holdsTasks(BooleanType.FALSE);
        e.capabilitiesCount(1).next().capability("API_GATEWAY");
        e.name(name);
        return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
    }

    private int addTasks(final long correlationId, final String operator, final List<T> tasks)
    {
        return addTasks(correlationId, operator, tasks, BooleanType.FALSE);
    }

    private int addTasks(final long correlationId, final String operator, final List<T> tasks, final BooleanType skip)
    {
        final AddTasksEncoder e = new AddTasksEncoder().wrapAndApplyHeader(buffer, 0, header)
            .correlationId(correlationId).skipExisting(skip);
        final AddTasksEncoder.TasksEncoder group = e.tasksCount(tasks.size());
        for (final T t : tasks)
        {
            group.next().weight(t.weight());
            final AddTasksEncoder.TasksEncoder.RequiredCapabilitiesEncoder caps =
                group.requiredCapabilitiesCount(t.requires().size());
            for (final String cap : t.requires())
            {
                caps.next().capability(cap);
            }
            group.task(t.name());
        }
        e.operatorName(operator);
        return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
    }

    private void assertRejected(final long correlationId, final int code)
    {
        final RejectedDecoder rejected = decoder(admin.last(RejectedDecoder.TEMPLATE_ID));
        assertThat(lastTemplate(admin)).isEqualTo(RejectedDecoder.TEMPLATE_ID);
        assertThat(rejected.code()).isEqualTo(code);
        assertThat(rejected.correlationId()).isEqualTo(correlationId);
        assertThat(rejected.templateId()).isEqualTo(AddTasksEncoder.TEMPLATE_ID);
    }

    private static RejectedDecoder decoder(final UnsafeBuffer m)
    {
        final MessageHeaderDecoder h = new MessageHeaderDecoder().wrap(m, 0);
        return new RejectedDecoder().wrap(m, MessageHeaderDecoder.ENCODED_LENGTH, h.blockLength(), h.version());
    }

    /** The count of the last reply, which must be an AdminDone answering this command. */
    private static int lastDoneCount(final FakeCluster.Session session, final long correlationId)
    {
        assertThat(lastTemplate(session)).isEqualTo(AdminDoneDecoder.TEMPLATE_ID);
        final UnsafeBuffer m = session.last(AdminDoneDecoder.TEMPLATE_ID);
        final MessageHeaderDecoder h = new MessageHeaderDecoder().wrap(m, 0);
        final AdminDoneDecoder done = new AdminDoneDecoder()
            .wrap(m, MessageHeaderDecoder.ENCODED_LENGTH, h.blockLength(), h.version());
        assertThat(done.correlationId()).isEqualTo(correlationId);
        return done.count();
    }

    private static int lastTemplate(final FakeCluster.Session session)
    {
        final List<Integer> templates = session.templates();
        return templates.get(templates.size() - 1);
    }

    private static int rejections(final FakeCluster.Session session)
    {
        return (int)session.templates().stream().filter((t) -> t == RejectedDecoder.TEMPLATE_ID).count();
    }

    private static List<String> opens(final FakeCluster.Session session)
    {
        final List<String> opens = new ArrayList<>();
        for (final UnsafeBuffer m : session.received)
        {
            final MessageHeaderDecoder h = new MessageHeaderDecoder().wrap(m, 0);
            if (h.templateId() == OpenDecoder.TEMPLATE_ID)
            {
                opens.add(new OpenDecoder()
                    .wrap(m, MessageHeaderDecoder.ENCODED_LENGTH, h.blockLength(), h.version()).task());
            }
        }
        return opens;
    }
}
