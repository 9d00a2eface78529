package io.resilientgateways.aeron.service;

import io.aeron.cluster.client.ClusterException;
import io.resilientgateways.aeron.codecs.AddTaskEncoder;
import io.resilientgateways.aeron.codecs.AdminAckDecoder;
import io.resilientgateways.aeron.codecs.ChangeSettingsEncoder;
import io.resilientgateways.aeron.codecs.MessageHeaderDecoder;
import io.resilientgateways.aeron.codecs.MessageHeaderEncoder;
import io.resilientgateways.aeron.codecs.RaiseEpochFloorEncoder;
import io.resilientgateways.core.Assignment;
import io.resilientgateways.core.BalancerConfig;
import io.resilientgateways.core.TaskId;
import io.resilientgateways.core.spi.RebalancePolicy;
import io.resilientgateways.strategies.Strategies;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The service snapshot of every earlier format restores and behaves. Each golden file is the snapshot a real
 * 3-member cluster of an earlier commit wrote (its {@code lastSnapshotBytes()}) after two gateways took six tasks,
 * one was moved and one removed; its {@code .txt} is what that cluster's admin client reported just before (and the
 * operator of the commands, where the format records one). How they were made: docs/operations.md, "Snapshot format
 * migration".
 * <ul>
 *   <li>{@code schema2-engine2}: commit b303a40, schema version 2 (SnapshotWorker without connection times), engine
 *   format 2, default policy basic;</li>
 *   <li>{@code schema3-engine3}: commit 796ff83, engine format 3 (detached workers);</li>
 *   <li>{@code schema3-engine4}: commit 9e92a35, engine format 4 (stable codes);</li>
 *   <li>{@code schema4-engine4}: commit 61a60c1, schema version 4 (connection times, operator actions), default policy
 *   sticky.</li>
 * </ul>
 * Version 5 adds {@code SnapshotSettings}; an older snapshot has none and was taken under the members' configured
 * settings.
 */
class SnapshotMigrationTest
{
    private final FakeCluster cluster = new FakeCluster();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();

    @ParameterizedTest
    @CsvSource({"schema2-engine2, basic", "schema3-engine3, basic", "schema3-engine4, basic", "schema4-engine4, sticky"})
    void anEarlierFormatRestoresWithItsTasksEpochsHistoryAndOperatorsAndBehaves(final String name, final String policy)
        throws IOException
    {
        final List<byte[]> frames = SnapshotFrames.split(golden(name + ".b64"));
        final List<String> expected = lines(name + ".txt");
        final BalancerServiceComponent component = component(policy(policy));
        component.start(cluster, SnapshotFrames.source(frames));
        component.onNewLeadershipTermEvent(99, 1_000_000, TimeUnit.MILLISECONDS);

        // tasks, owners, epochs and statuses as the old cluster reported them, and its history
        final List<String> restored = new ArrayList<>();
        for (final Assignment a : component.balancer().assignments())
        {
            restored.add(a.task().name() + " " + a.status() + " " + a.owner().name() + " " + a.epoch());
        }
        restored.add("history " + component.balancer().history().size());
        assertThat(restored).isEqualTo(expected.stream().filter((l) -> !l.startsWith("operator")).toList());
        assertThat(component.sessionOf("gw-1")).isPositive();
        assertThat(component.sessionOf("gw-2")).isPositive();
        final boolean operators = expected.stream().anyMatch((l) -> l.startsWith("operator"));
        if (operators)
        {
            assertThat(component.audit.size()).as("operator actions").isPositive();
            for (int i = 0; i < component.audit.size(); i++)
            {
                assertThat(component.audit.operator(i)).isEqualTo("alice");
            }
        }
        else
        {
            assertThat(component.audit.size()).as("operator actions").isZero();
        }
        assertThat(component.settings.changes).isZero();
        assertThat(component.settings.epochFloor).isZero();
        assertThat(component.settings.policy).isEqualTo(policy);

        // it behaves: a floor through the log, then a task granted above it
        final long lastEpoch = component.balancer().lastEpoch();
        final FakeCluster.Session admin = adminSession();
        send(component, admin, raiseFloor(lastEpoch + 100));
        send(component, admin, addTask("PARTY-09"));
        final Assignment added = component.balancer().assignment(TaskId.of("PARTY-09"));
        assertThat(added.epoch()).isEqualTo(lastEpoch + 101);
        assertThat(added.owner()).isNotNull();

        // the upgrade path of an old deployment: switch its policy through the log, and a member still configured
        // with the old one restores the switched settings from the new snapshot
        send(component, admin, changeSettings("least-loaded"));
        assertThat(lastTemplate(admin)).isEqualTo(AdminAckDecoder.TEMPLATE_ID);
        final List<byte[]> now = SnapshotFrames.take(component);
        final BalancerServiceComponent next = component(policy(policy));
        next.start(cluster, SnapshotFrames.source(now));
        assertThat(next.settings.policy).isEqualTo("least-loaded");
        assertThat(next.settings.epochFloor).isEqualTo(lastEpoch + 100);
        assertThat(next.balancer().assignments()).isEqualTo(component.balancer().assignments());
        assertThat(SnapshotFrames.join(SnapshotFrames.take(next))).isEqualTo(SnapshotFrames.join(now));
    }

    @ParameterizedTest
    @CsvSource({"schema2-engine2, sticky", "schema4-engine4, least-loaded"})
    void anEarlierFormatRefusesAMemberConfiguredWithAnotherPolicy(final String name, final String other)
        throws IOException
    {
        final List<byte[]> frames = SnapshotFrames.split(golden(name + ".b64"));
        final BalancerServiceComponent component = component(policy(other));
        assertThatThrownBy(() -> component.start(cluster, SnapshotFrames.source(frames)))
            .isInstanceOf(ClusterException.class)
            .hasMessageContaining("cannot restore under " + other)
            .hasMessageContaining("AdminClient.changeSettings");
    }

    // ------------------------------------------------------------------------------------------- helpers

    private static RebalancePolicy policy(final String name)
    {
        return switch (name)
        {
            case "basic" -> new LegacyBasicPolicy();
            case "sticky" -> Strategies.sticky();
            case "least-loaded" -> Strategies.leastLoaded();
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static BalancerServiceComponent component(final RebalancePolicy policy)
    {
        return new BalancerServiceComponent(new BalancerServiceContext()
            .policy(policy).balancerConfig(new BalancerConfig()).sessionTimeoutMs(1_000));
    }

    private FakeCluster.Session adminSession()
    {
        FakeCluster.Session session = cluster.openSession("admin:ops");
        while (session.id() <= 1_000) // clear of the session ids the restored workers were bound to
        {
            session = cluster.openSession("admin:ops");
        }
        return session;
    }

    private static byte[] golden(final String file) throws IOException
    {
        return Base64.getMimeDecoder().decode(read(file));
    }

    private static List<String> lines(final String file) throws IOException
    {
        return new String(read(file), StandardCharsets.US_ASCII).lines().filter((l) -> !l.isBlank()).toList();
    }

    private static byte[] read(final String file) throws IOException
    {
        try (InputStream in = SnapshotMigrationTest.class.getResourceAsStream("/snapshots/service/" + file))
        {
            assertThat(in).as(file).isNotNull();
            return in.readAllBytes();
        }
    }

    private void send(final BalancerServiceComponent component, final FakeCluster.Session session, final int length)
    {
        assertThat(component.onSessionMessage(session, 1_000_000, buffer, 0, length)).isTrue();
    }

    private int addTask(final String task)
    {
        final AddTaskEncoder e = new AddTaskEncoder().wrapAndApplyHeader(buffer, 0, header).correlationId(2).weight(1);
        e.requiredCapabilitiesCount(1).next().capability("API_GATEWAY");
        e.task(task);
        return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
    }

    private int raiseFloor(final long floor)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + new RaiseEpochFloorEncoder().wrapAndApplyHeader(buffer, 0, header)
            .correlationId(5).floor(floor).operatorName("").encodedLength();
    }

    private int changeSettings(final String policy)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + new ChangeSettingsEncoder().wrapAndApplyHeader(buffer, 0, header)
            .correlationId(3).gracePeriod(-1).handoffTimeout(-1).rebalanceDelay(-1).releaseBackoff(-1)
            .maxMovesPerRound(-1).historyCapacity(-1).maxWorkers(-1).maxTasks(-1)
            .policy(policy).operatorName("bob").encodedLength();
    }

    private static int lastTemplate(final FakeCluster.Session session)
    {
        final UnsafeBuffer m = session.received.get(session.received.size() - 1);
        return new MessageHeaderDecoder().wrap(m, 0).templateId();
    }
}
