package io.resilientgateways.aeron.service;

import io.aeron.cluster.client.ClusterException;
import io.resilientgateways.aeron.codecs.AddTaskEncoder;
import io.resilientgateways.aeron.codecs.AdminAckDecoder;
import io.resilientgateways.aeron.codecs.BooleanType;
import io.resilientgateways.aeron.codecs.ChangeSettingsEncoder;
import io.resilientgateways.aeron.codecs.MessageHeaderDecoder;
import io.resilientgateways.aeron.codecs.MessageHeaderEncoder;
import io.resilientgateways.aeron.codecs.QuerySettingsEncoder;
import io.resilientgateways.aeron.codecs.RaiseEpochFloorEncoder;
import io.resilientgateways.aeron.codecs.RegisterEncoder;
import io.resilientgateways.aeron.codecs.RejectedDecoder;
import io.resilientgateways.aeron.codecs.SettingsDecoder;
import io.resilientgateways.aeron.protocol.AdapterRejection;
import io.resilientgateways.core.BalancerConfig;
import io.resilientgateways.core.RejectionCode;
import io.resilientgateways.core.TaskId;
import io.resilientgateways.core.spi.RebalancePolicy;
import io.resilientgateways.strategies.Strategies;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code ChangeSettings} and {@code RaiseEpochFloor} on the real component (an in-memory leader): the switch at one
 * entry, what the snapshot records and restores, and typed rejections that change nothing.
 */
class SettingsChangeTest
{
    private static final long KEEP = -1;

    private static final PolicyRegistry REGISTRY = PolicyRegistry.shipped().with(LastWorkerPolicy::new);

    private final FakeCluster cluster = new FakeCluster();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private BalancerServiceComponent component = newComponent(Strategies.sticky(), new BalancerConfig());
    private FakeCluster.Session admin;
    private FakeCluster.Session gw1;
    private FakeCluster.Session gw2;

    private static BalancerServiceComponent newComponent(final RebalancePolicy policy, final BalancerConfig config)
    {
        return new BalancerServiceComponent(new BalancerServiceContext()
            .policy(policy).balancerConfig(config).policies(REGISTRY).sessionTimeoutMs(1_000));
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
        for (int i = 1; i <= 4; i++)
        {
            send(admin, addTask("PARTY-" + i));
        }
    }

    @Test
    void theNewPolicyPlacesTasksFromTheSwitchOnAndTheSnapshotRecordsAndRestoresIt()
    {
        assertThat(ownersOf(1, 4)).as("sticky spreads").containsOnly("gw-1", "gw-2");
        final long epochBefore = component.balancer().lastEpoch();

        send(admin, changeSettings("last-worker", 7_000, 3, "alice"));
        assertThat(lastTemplate(admin)).isEqualTo(AdminAckDecoder.TEMPLATE_ID);
        assertThat(component.balancer().lastEpoch()).as("nothing moved at the switch").isEqualTo(epochBefore);
        assertThat(component.balancer().config().handoffTimeout()).isEqualTo(7_000);
        assertThat(component.balancer().config().maxMovesPerRound()).isEqualTo(3);
        assertThat(component.balancer().config().releaseBackoff()).as("kept").isEqualTo(2_000);
        for (int i = 5; i <= 8; i++)
        {
            send(admin, addTask("PARTY-" + i));
        }
        assertThat(ownersOf(5, 8)).containsOnly("gw-2");

        final SettingsDecoder settings = querySettings();
        assertThat(settings.changes()).isEqualTo(1);
        assertThat(settings.changedAt()).isEqualTo(1_000);
        assertThat(settings.handoffTimeout()).isEqualTo(7_000);
        assertThat(settings.policy()).isEqualTo("last-worker");
        assertThat(settings.changedBy()).isEqualTo("alice");

        // a member configured as the cluster first started (sticky, defaults) restores the changed settings
        final List<byte[]> frames = SnapshotFrames.take(component);
        final BalancerServiceComponent restored = newComponent(Strategies.sticky(), new BalancerConfig());
        restored.start(cluster, SnapshotFrames.source(frames));
        assertThat(SnapshotFrames.join(SnapshotFrames.take(restored))).isEqualTo(SnapshotFrames.join(frames));
        assertThat(restored.balancer().config().handoffTimeout()).isEqualTo(7_000);

        // and goes on deciding as the member that wrote it
        final FakeCluster.Session admin2 = cluster.openSession("admin:ops");
        component.onSessionMessage(admin, cluster.time(), buffer, 0, addTask("PARTY-9"));
        restored.onSessionMessage(admin2, cluster.time(), buffer, 0, addTask("PARTY-9"));
        assertThat(restored.balancer().assignment(TaskId.of("PARTY-9")).owner().name()).isEqualTo("gw-2");
        assertThat(SnapshotFrames.join(SnapshotFrames.take(restored)))
            .isEqualTo(SnapshotFrames.join(SnapshotFrames.take(component)));
    }

    @Test
    void aSnapshotOfUnchangedSettingsRefusesAMemberConfiguredOtherwise()
    {
        final List<byte[]> frames = SnapshotFrames.take(component);
        final BalancerServiceComponent other = newComponent(Strategies.leastLoaded(), new BalancerConfig());
        assertThatThrownBy(() -> other.start(cluster, SnapshotFrames.source(frames)))
            .isInstanceOf(ClusterException.class).hasMessageContaining("AdminClient.changeSettings");

        final BalancerServiceComponent same = newComponent(Strategies.sticky(), new BalancerConfig());
        same.start(cluster, SnapshotFrames.source(frames));
        assertThat(SnapshotFrames.join(SnapshotFrames.take(same))).isEqualTo(SnapshotFrames.join(frames));
    }

    @Test
    void anUnknownPolicyOrAnInvalidSettingIsRejectedAndChangesNothing()
    {
        final byte[] before = SnapshotFrames.join(SnapshotFrames.take(component));

        send(admin, changeSettings("no-such-policy", KEEP, KEEP, ""));
        assertThat(lastRejected(admin).code()).isEqualTo(AdapterRejection.UNKNOWN_POLICY);
        send(admin, changeSettings("", -5, KEEP, ""));
        assertThat(lastRejected(admin).code()).isEqualTo(AdapterRejection.INVALID_SETTING);
        send(admin, changeSettings("", KEEP, 0, ""));
        assertThat(lastRejected(admin).code()).isEqualTo(AdapterRejection.INVALID_SETTING);
        send(admin, changeSettingsMaxTasks(3)); // 4 tasks held
        final RejectedDecoder belowCount = lastRejected(admin);
        assertThat(belowCount.code()).isEqualTo(AdapterRejection.INVALID_SETTING);
        assertThat(belowCount.text()).contains("maxTasks 3 for 4 tasks");
        send(admin, changeSettings("bad name", KEEP, KEEP, ""));
        assertThat(lastRejected(admin).code()).isEqualTo(RejectionCode.INVALID_NAME.value());
        send(gw1, changeSettings("round-robin", KEEP, KEEP, ""));
        assertThat(lastRejected(gw1).code()).isEqualTo(AdapterRejection.UNAUTHORISED);

        assertThat(SnapshotFrames.join(SnapshotFrames.take(component))).isEqualTo(before);
        assertThat(querySettings().changes()).isZero();
    }

    @Test
    void theEpochFloorIsRaisedThroughTheLogNeverLoweredAndRecordedInTheSnapshot()
    {
        send(admin, raiseFloor(1_000));
        assertThat(lastTemplate(admin)).isEqualTo(AdminAckDecoder.TEMPLATE_ID);
        send(admin, addTask("PARTY-5"));
        assertThat(component.balancer().assignment(TaskId.of("PARTY-5")).epoch()).isEqualTo(1_001);
        send(admin, raiseFloor(1_000));
        assertThat(lastTemplate(admin)).as("the same floor again").isEqualTo(AdminAckDecoder.TEMPLATE_ID);

        final byte[] before = SnapshotFrames.join(SnapshotFrames.take(component));
        send(admin, raiseFloor(999));
        assertThat(lastRejected(admin).code()).isEqualTo(AdapterRejection.EPOCH_FLOOR_LOWER);
        send(admin, raiseFloor(-1));
        assertThat(lastRejected(admin).code()).isEqualTo(RejectionCode.INVALID_NUMBER.value());
        assertThat(SnapshotFrames.join(SnapshotFrames.take(component))).isEqualTo(before);

        final BalancerServiceComponent restored = newComponent(Strategies.sticky(), new BalancerConfig());
        restored.start(cluster, SnapshotFrames.source(SnapshotFrames.split(before)));
        assertThat(restored.settings.epochFloor).isEqualTo(1_000);
        assertThat(restored.balancer().lastEpoch()).isEqualTo(1_001);
    }

    // ------------------------------------------------------------------------------------------- helpers

    private List<String> ownersOf(final int first, final int last)
    {
        return java.util.stream.IntStream.rangeClosed(first, last)
            .mapToObj((i) -> component.balancer().assignment(TaskId.of("PARTY-" + i)).owner().name()).toList();
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

    private int addTask(final String task)
    {
        final AddTaskEncoder e = new AddTaskEncoder().wrapAndApplyHeader(buffer, 0, header).correlationId(2).weight(1);
        e.requiredCapabilitiesCount(1).next().capability("API_GATEWAY");
        e.task(task);
        return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
    }

    private int changeSettings(final String policy, final long handoffTimeout, final long maxMoves, final String who)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + new ChangeSettingsEncoder().wrapAndApplyHeader(buffer, 0, header)
            .correlationId(3).gracePeriod(KEEP).handoffTimeout(handoffTimeout).rebalanceDelay(KEEP)
            .releaseBackoff(KEEP).maxMovesPerRound((int)maxMoves).historyCapacity(-1).maxWorkers(-1).maxTasks(-1)
            .policy(policy).operatorName(who).encodedLength();
    }

    private int changeSettingsMaxTasks(final int maxTasks)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + new ChangeSettingsEncoder().wrapAndApplyHeader(buffer, 0, header)
            .correlationId(4).gracePeriod(KEEP).handoffTimeout(KEEP).rebalanceDelay(KEEP).releaseBackoff(KEEP)
            .maxMovesPerRound(-1).historyCapacity(-1).maxWorkers(-1).maxTasks(maxTasks)
            .policy("").operatorName("").encodedLength();
    }

    private int raiseFloor(final long floor)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + new RaiseEpochFloorEncoder().wrapAndApplyHeader(buffer, 0, header)
            .correlationId(5).floor(floor).operatorName("").encodedLength();
    }

    private SettingsDecoder querySettings()
    {
        send(admin, MessageHeaderEncoder.ENCODED_LENGTH + new QuerySettingsEncoder()
            .wrapAndApplyHeader(buffer, 0, header).correlationId(6).encodedLength());
        final UnsafeBuffer m = admin.received.get(admin.received.size() - 1);
        final MessageHeaderDecoder h = new MessageHeaderDecoder().wrap(m, 0);
        assertThat(h.templateId()).isEqualTo(SettingsDecoder.TEMPLATE_ID);
        return new SettingsDecoder().wrap(m, MessageHeaderDecoder.ENCODED_LENGTH, h.blockLength(), h.version());
    }

    private static int lastTemplate(final FakeCluster.Session session)
    {
        final UnsafeBuffer m = session.received.get(session.received.size() - 1);
        return new MessageHeaderDecoder().wrap(m, 0).templateId();
    }

    private static RejectedDecoder lastRejected(final FakeCluster.Session session)
    {
        final UnsafeBuffer m = session.received.get(session.received.size() - 1);
        final MessageHeaderDecoder h = new MessageHeaderDecoder().wrap(m, 0);
        assertThat(h.templateId()).isEqualTo(RejectedDecoder.TEMPLATE_ID);
        return new RejectedDecoder().wrap(m, MessageHeaderDecoder.ENCODED_LENGTH, h.blockLength(), h.version());
    }
}
