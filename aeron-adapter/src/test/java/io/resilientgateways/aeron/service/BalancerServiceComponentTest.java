package io.resilientgateways.aeron.service;

import io.aeron.cluster.codecs.CloseReason;
import io.resilientgateways.aeron.codecs.AddTaskEncoder;
import io.resilientgateways.aeron.codecs.BooleanType;
import io.resilientgateways.aeron.codecs.HeartbeatEncoder;
import io.resilientgateways.aeron.codecs.MessageHeaderDecoder;
import io.resilientgateways.aeron.codecs.MessageHeaderEncoder;
import io.resilientgateways.aeron.codecs.OpenDecoder;
import io.resilientgateways.aeron.codecs.RegisterEncoder;
import io.resilientgateways.aeron.codecs.RegisteredDecoder;
import io.resilientgateways.aeron.codecs.RejectedDecoder;
import io.resilientgateways.aeron.codecs.TaskOpenedEncoder;
import io.resilientgateways.aeron.protocol.AdapterRejection;
import io.resilientgateways.aeron.protocol.Protocol;
import io.resilientgateways.core.Assignment;
import io.resilientgateways.core.TaskId;
import io.resilientgateways.core.TaskStatus;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service component driven through its public calls on an in-memory leader ({@link FakeCluster}).
 */
class BalancerServiceComponentTest
{
    private final FakeCluster cluster = new FakeCluster();
    private final BalancerServiceComponent component = new BalancerServiceComponent(new BalancerServiceContext()
        .sessionTimeoutMs(1_000)
        .restartReconnectWindowMs(10_000)
        .maxQueuedEgressBytes(4096));
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private FakeCluster.Session admin;

    @BeforeEach
    void start()
    {
        cluster.time(1_000);
        component.onStart(cluster, null);
        component.onNewLeadershipTermEvent(0, cluster.time(), TimeUnit.MILLISECONDS);
        admin = cluster.openSession("admin:ops");
    }

    @Test
    void aGatewaySendingAdminTemplatesIsUnauthorisedBeforeItsNamesAreRead()
    {
        final FakeCluster.Session gateway = cluster.openSession("gateway:gw-1");
        send(gateway, addTask("not a valid name!"));
        final RejectedDecoder rejected = lastRejected(gateway);
        assertThat(rejected.code()).isEqualTo(AdapterRejection.UNAUTHORISED);
        assertThat(rejected.templateId()).isEqualTo(AddTaskEncoder.TEMPLATE_ID);
        assertThat(component.unauthorisedCount()).isEqualTo(1);
        assertThat(component.malformedCount()).isZero();
    }

    @Test
    void registeredEchoesTheAnsweredRegistersSendTimeAndCarriesTheSessionTimeout()
    {
        final FakeCluster.Session gateway = cluster.openSession("gateway:gw-1");
        send(gateway, register("gw-1", 77, 123_456_789L, false));
        final RegisteredDecoder registered = lastRegistered(gateway);
        assertThat(registered.sendTimeNs()).isEqualTo(123_456_789L);
        assertThat(registered.sessionTimeoutNs()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(1_000));
        assertThat(registered.resumed()).isEqualTo(BooleanType.FALSE);
    }

    @Test
    void aResumeOfAGatewayThatHoldsNothingGrantsItsTasksUnderNewEpochs()
    {
        final FakeCluster.Session first = cluster.openSession("gateway:gw-1");
        send(first, register("gw-1", 77, 1, false));
        send(admin, addTask("PARTY-1"));
        final OpenDecoder open = lastOpen(first);
        final long epoch = open.epoch();
        send(first, taskOpened("PARTY-1", epoch));
        assertThat(component.balancer().assignment(TaskId.of("PARTY-1")).status()).isEqualTo(TaskStatus.OPEN);

        // the gateway still holds its tasks (its lease never expired): same epoch, re-sent
        final FakeCluster.Session second = cluster.openSession("gateway:gw-1");
        send(second, register("gw-1", 77, 2, true));
        assertThat(lastRegistered(second).resumed()).isEqualTo(BooleanType.TRUE);
        assertThat(lastOpen(second).epoch()).isEqualTo(epoch);
        assertThat(component.balancer().assignment(TaskId.of("PARTY-1")).epoch()).isEqualTo(epoch);

        // it fenced (closed everything locally): never the epoch it already closed
        final FakeCluster.Session third = cluster.openSession("gateway:gw-1");
        send(third, register("gw-1", 77, 3, false));
        assertThat(lastRegistered(third).resumed()).isEqualTo(BooleanType.TRUE);
        final List<Long> epochs = opensOf(third, "PARTY-1");
        assertThat(epochs).isNotEmpty().allSatisfy((e) -> assertThat(e).isGreaterThan(epoch));
        final Assignment now = component.balancer().assignment(TaskId.of("PARTY-1"));
        assertThat(now.epoch()).isGreaterThan(epoch);
        send(third, taskOpened("PARTY-1", now.epoch()));
        assertThat(component.balancer().assignment(TaskId.of("PARTY-1")).status()).isEqualTo(TaskStatus.OPEN);
    }

    @Test
    void aWorkerAFullRestartDetachedKeepsItsTasksGetsNoNewOnesAndComesBackUnderNewEpochs()
    {
        final FakeCluster.Session before = cluster.openSession("gateway:gw-1");
        send(before, register("gw-1", 77, 1, false));
        send(admin, addTask("PARTY-1"));
        final long epoch = lastOpen(before).epoch();
        send(before, taskOpened("PARTY-1", epoch));

        // a full restart: a new term, and the restored session of gw-1 (never heard from in it) times out
        cluster.time(60_000);
        component.onNewLeadershipTermEvent(1, cluster.time(), TimeUnit.MILLISECONDS);
        cluster.time(60_010);
        cluster.closeEvent(component, before, CloseReason.TIMEOUT);
        assertThat(component.sessionOf("gw-1")).isEqualTo(-1); // detached, not gone
        assertThat(component.balancer().assignment(TaskId.of("PARTY-1")).owner().name()).isEqualTo("gw-1");

        final FakeCluster.Session other = cluster.openSession("gateway:gw-2");
        send(other, register("gw-2", 88, 1, false));
        for (int i = 2; i <= 5; i++)
        {
            send(admin, addTask("PARTY-" + i));
        }
        cluster.time(61_000);
        cluster.fireDueTimers(component);
        for (int i = 2; i <= 5; i++)
        {
            assertThat(component.balancer().assignment(TaskId.of("PARTY-" + i)).owner().name())
                .as("PARTY-" + i).isEqualTo("gw-2");
        }
        assertThat(component.balancer().assignment(TaskId.of("PARTY-1")).owner().name()).isEqualTo("gw-1");

        // the same process reconnects within the window; its lease expired during the restart, so it holds nothing
        final FakeCluster.Session after = cluster.openSession("gateway:gw-1");
        send(after, register("gw-1", 77, 2, false));
        assertThat(lastRegistered(after).resumed()).isEqualTo(BooleanType.TRUE);
        assertThat(opensOf(after, "PARTY-1")).isNotEmpty().allSatisfy((e) -> assertThat(e).isGreaterThan(epoch));
    }

    @Test
    void directivesAreNeverDroppedForApplicationMessagesAndTheNextHeartbeatDrainsThem()
    {
        final FakeCluster.Session gateway = cluster.openSession("gateway:gw-1");
        send(gateway, register("gw-1", 77, 1, false));
        gateway.backPressured = true;
        send(admin, addTask("PARTY-1"));
        final UnsafeBuffer app = new UnsafeBuffer(new byte[1000]);
        new MessageHeaderEncoder().wrap(app, 0).schemaId(7).templateId(1).version(1).blockLength(0);
        for (int i = 0; i < 10; i++)
        {
            component.offer(gateway, app, 0, app.capacity()); // 10 kB of application messages, 4 kB allowed
        }
        assertThat(component.droppedEgressCount()).isGreaterThan(0);
        gateway.backPressured = false;
        send(gateway, MessageHeaderEncoder.ENCODED_LENGTH + new HeartbeatEncoder() // the gateway's next heartbeat
            .wrapAndApplyHeader(buffer, 0, header).correlationId(5).sendTimeNs(99).encodedLength());
        assertThat(lastOpen(gateway).task()).isEqualTo("PARTY-1");
        assertThat(gateway.received.size()).isLessThan(1 + 10);
    }

    @Test
    void aWorkerHearsRegisteredBeforeTheTasksThatWereWaitingForIt()
    {
        send(admin, addTask("PARTY-1")); // pending: no worker yet
        final FakeCluster.Session gateway = cluster.openSession("gateway:gw-1");
        send(gateway, register("gw-1", 77, 1, false));
        assertThat(templatesOf(gateway)).containsExactly(RegisteredDecoder.TEMPLATE_ID, OpenDecoder.TEMPLATE_ID);
        assertThat(lastRegistered(gateway).directiveSeq()).isZero();
        assertThat(lastOpen(gateway).seq()).isEqualTo(1);
    }

    @Test
    void aHeartbeatIsAnsweredOnItsSession()
    {
        final FakeCluster.Session gateway = cluster.openSession("gateway:gw-1");
        send(gateway, register("gw-1", 77, 1, false));
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + new HeartbeatEncoder()
            .wrapAndApplyHeader(buffer, 0, header).correlationId(5).sendTimeNs(99).encodedLength();
        send(gateway, length);
        assertThat(templatesOf(gateway)).endsWith(54);
    }

    @Test
    void anUnknownTaskInAnAckIsRejectedAndAnInvalidNameIsMalformed()
    {
        final FakeCluster.Session gateway = cluster.openSession("gateway:gw-1");
        send(gateway, register("gw-1", 77, 1, false));
        send(gateway, taskOpened("PARTY-9", 1));
        assertThat(lastRejected(gateway).code())
            .isEqualTo(io.resilientgateways.core.RejectionCode.UNKNOWN_TASK.value());
        send(gateway, taskOpened("bad name", 1));
        assertThat(lastRejected(gateway).code())
            .isEqualTo(io.resilientgateways.core.RejectionCode.INVALID_NAME.value());
        final FakeCluster.Session stranger = cluster.openSession("gateway:gw-2");
        send(stranger, taskOpened("PARTY-9", 1));
        assertThat(lastRejected(stranger).code()).isEqualTo(AdapterRejection.NOT_REGISTERED);
        cluster.closeEvent(component, stranger, CloseReason.CLIENT_ACTION);
    }

    @Test
    void anAckReachesItsTaskByTheEchoedHandleAndAWrongOrMissingHandleByItsName()
    {
        final FakeCluster.Session gateway = cluster.openSession("gateway:gw-1");
        send(gateway, register("gw-1", 77, 1, false));
        send(admin, addTask("PARTY-0001"));
        send(admin, addTask("PARTY-0002"));
        send(admin, addTask("P3"));
        assertThat(opens(gateway)).containsExactly("PARTY-0001#0@1", "PARTY-0002#1@2", "P3#2@3");
        final io.resilientgateways.core.Balancer engine = component.balancer();

        // the right handle; another task's handle; a handle past the end; none (a version-5 gateway): each is the
        // ack of the task it names, and only of that one
        send(gateway, taskOpened("PARTY-0001", 1, 0));
        assertThat(engine.assignment(TaskId.of("PARTY-0001")).status()).isEqualTo(TaskStatus.OPEN);
        assertThat(engine.assignment(TaskId.of("PARTY-0002")).status()).isEqualTo(TaskStatus.OPENING);
        send(gateway, taskOpened("PARTY-0002", 2, 2));
        assertThat(engine.assignment(TaskId.of("PARTY-0002")).status()).isEqualTo(TaskStatus.OPEN);
        assertThat(engine.assignment(TaskId.of("P3")).status()).isEqualTo(TaskStatus.OPENING);
        send(gateway, taskOpened("P3", 3, 1_000));
        assertThat(engine.assignment(TaskId.of("P3")).status()).isEqualTo(TaskStatus.OPEN);

        // an unknown name under a live task's handle, and a wrong epoch under the right handle: typed rejections,
        // nothing changes
        final byte[] before = engine.snapshot();
        final int rejectedBefore = rejections(gateway);
        send(gateway, taskOpened("PARTY-0003", 1, 0));
        assertThat(lastRejected(gateway).code())
            .isEqualTo(io.resilientgateways.core.RejectionCode.UNKNOWN_TASK.value());
        send(gateway, taskOpened("PARTY-0001", 2, 0));
        assertThat(lastRejected(gateway).code())
            .isEqualTo(io.resilientgateways.core.RejectionCode.UNKNOWN_EPOCH.value());
        send(gateway, taskOpened("PARTY-000", 1, 0)); // PARTY-0001's handle, a name it starts with
        assertThat(lastRejected(gateway).code())
            .isEqualTo(io.resilientgateways.core.RejectionCode.UNKNOWN_TASK.value());
        assertThat(rejections(gateway)).isEqualTo(rejectedBefore + 3);
        assertThat(engine.snapshot()).isEqualTo(before);
    }

    // ------------------------------------------------------------------------------------------- helpers

    private void send(final FakeCluster.Session session, final int length)
    {
        assertThat(component.onSessionMessage(session, cluster.time(), buffer, 0, length)).isTrue();
    }

    private int register(final String name, final long incarnation, final long sendTimeNs, final boolean holds)
    {
        final RegisterEncoder e = new RegisterEncoder().wrapAndApplyHeader(buffer, 0, header)
            .correlationId(1).incarnation(incarnation).capacity(1).protocolVersion(1).sendTimeNs(sendTimeNs)
            .holdsTasks(holds ? BooleanType.TRUE : BooleanType.FALSE);
        e.capabilitiesCount(1).next().capability("API_GATEWAY");
        e.name(name);
        return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
    }

    private int addTask(final String task)
    {
        final AddTaskEncoder e = new AddTaskEncoder().wrapAndApplyHeader(buffer, 0, header).correlationId(2).weight(1);
        e.requiredCapabilitiesCount(1).next().capability("API_GATEWAY");
        e.task(task);
        return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
    }

    private int taskOpened(final String task, final long epoch)
    {
        return taskOpened(task, epoch, Protocol.NO_TASK_HANDLE);
    }

    private int taskOpened(final String task, final long epoch, final int handle)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + new TaskOpenedEncoder().wrapAndApplyHeader(buffer, 0, header)
            .epoch(epoch).taskHandle(handle).task(task).encodedLength();
    }

    /** Every Open the session received, as task#handle@epoch. */
    private static List<String> opens(final FakeCluster.Session session)
    {
        final List<String> opens = new ArrayList<>();
        for (final UnsafeBuffer m : session.received)
        {
            final MessageHeaderDecoder h = new MessageHeaderDecoder().wrap(m, 0);
            if (h.templateId() == OpenDecoder.TEMPLATE_ID)
            {
                final OpenDecoder d = new OpenDecoder()
                    .wrap(m, MessageHeaderDecoder.ENCODED_LENGTH, h.blockLength(), h.version());
                final int handle = d.taskHandle();
                final long epoch = d.epoch();
                opens.add(d.task() + "#" + handle + "@" + epoch);
            }
        }
        return opens;
    }

    private static int rejections(final FakeCluster.Session session)
    {
        return (int)templatesOf(session).stream().filter((t) -> t == RejectedDecoder.TEMPLATE_ID).count();
    }

    private static List<Integer> templatesOf(final FakeCluster.Session session)
    {
        return session.templates();
    }

    private static UnsafeBuffer last(final FakeCluster.Session session, final int templateId)
    {
        return session.last(templateId);
    }

    private static RegisteredDecoder lastRegistered(final FakeCluster.Session session)
    {
        final UnsafeBuffer m = last(session, RegisteredDecoder.TEMPLATE_ID);
        final MessageHeaderDecoder h = new MessageHeaderDecoder().wrap(m, 0);
        return new RegisteredDecoder().wrap(m, MessageHeaderDecoder.ENCODED_LENGTH, h.blockLength(), h.version());
    }

    private static RejectedDecoder lastRejected(final FakeCluster.Session session)
    {
        final UnsafeBuffer m = last(session, RejectedDecoder.TEMPLATE_ID);
        final MessageHeaderDecoder h = new MessageHeaderDecoder().wrap(m, 0);
        return new RejectedDecoder().wrap(m, MessageHeaderDecoder.ENCODED_LENGTH, h.blockLength(), h.version());
    }

    private static OpenDecoder lastOpen(final FakeCluster.Session session)
    {
        final UnsafeBuffer m = last(session, OpenDecoder.TEMPLATE_ID);
        final MessageHeaderDecoder h = new MessageHeaderDecoder().wrap(m, 0);
        return new OpenDecoder().wrap(m, MessageHeaderDecoder.ENCODED_LENGTH, h.blockLength(), h.version());
    }

    private static List<Long> opensOf(final FakeCluster.Session session, final String task)
    {
        final List<Long> epochs = new ArrayList<>();
        for (final UnsafeBuffer m : session.received)
        {
            final MessageHeaderDecoder h = new MessageHeaderDecoder().wrap(m, 0);
            if (h.templateId() == OpenDecoder.TEMPLATE_ID)
            {
                final OpenDecoder d = new OpenDecoder()
                    .wrap(m, MessageHeaderDecoder.ENCODED_LENGTH, h.blockLength(), h.version());
                if (d.task().equals(task))
                {
                    epochs.add(d.epoch());
                }
            }
        }
        return epochs;
    }
}
