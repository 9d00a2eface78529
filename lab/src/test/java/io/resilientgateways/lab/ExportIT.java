package io.resilientgateways.lab;

import io.resilientgateways.aeron.client.AdminClient;
import io.resilientgateways.aeron.client.GatewayClient;
import io.resilientgateways.aeron.client.GatewayContext;
import io.resilientgateways.aeron.client.GatewayListener;
import io.resilientgateways.aeron.client.OpenCompletion;
import io.resilientgateways.aeron.node.LocalCluster;
import io.resilientgateways.aeron.security.CredentialsTable;
import io.resilientgateways.aeron.service.BalancerServiceContext;
import io.resilientgateways.core.CapabilitySet;
import io.resilientgateways.core.LeaveReason;
import io.resilientgateways.core.TaskId;
import io.resilientgateways.core.TaskSpec;
import io.resilientgateways.core.WorkerId;
import io.resilientgateways.core.WorkerSpec;
import io.resilientgateways.lab.trace.Trace;
import io.resilientgateways.lab.trace.TraceEvent;
import io.resilientgateways.lab.trace.TraceReader;
import io.resilientgateways.lab.trace.TraceWriter;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Export from a real 3-node cluster (ports 24500-24530): gateways of different capabilities and capacities, tasks of
 * different weights and requirements, an idle gateway that can run none of them, one gateway that stops
 * (deregisters), a task removed. The exported trace holds those events with the workers' capabilities and capacities
 * and the tasks' requirements and weights exactly as the cluster has them (from QueryWorkers and QueryTasks, not
 * defaults), reads back, and replays with no rejected input; the command line (with a viewer's credentials file:
 * the export only queries) writes the same bytes.
 */
class ExportIT
{
    private static final String ADMIN = "admin:ops:admin-secret";
    private static final String VIEWER = "viewer:lab:viewer-secret";
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private LocalCluster cluster;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void exportsTheClustersHistoryAsAReplayableTraceWithExactCapabilitiesCapacitiesAndWeights() throws Exception
    {
        cluster = new LocalCluster(3, 24_500, 1_000, 1_000, CredentialsTable.of(
            "gateway:gw-1:pw-1", "gateway:gw-2:pw-2", "gateway:gw-3:pw-3", ADMIN, VIEWER),
            BalancerServiceContext::new);
        cluster.start();
        cluster.awaitLeader(10_000);
        final AdminClient admin = AdminClient.connect(cluster.clientContext(ADMIN));
        closeables.add(admin);
        assertThat(admin.addTask("PARTY-01", 4, "API_GATEWAY").accepted()).isTrue();
        assertThat(admin.addTask("PARTY-02", 1, "API_GATEWAY", "zone=a").accepted()).isTrue();
        for (int i = 3; i <= 10; i++)
        {
            assertThat(admin.addTask(String.format("PARTY-%02d", i), 1 + i % 2, "API_GATEWAY").accepted()).isTrue();
        }
        gateway("gw-1", 2, "API_GATEWAY", "zone=a");
        await(admin, "all open on gw-1", () -> openOn(admin, "gw-1") == 10);
        final GatewayClient second = gateway("gw-2", 1, "API_GATEWAY");
        await(admin, "some on gw-2, all open", () -> openOn(admin, "gw-2") > 0 &&
            openOn(admin, "gw-1") + openOn(admin, "gw-2") == 10);
        gateway("gw-3", 3, "FIX"); // can run none of the tasks: never in the history
        await(admin, "gw-3 registered", () -> admin.workers("", 10).rows().stream()
            .anyMatch((w) -> "gw-3".equals(w.name()) && "LIVE".equals(w.status())));
        second.close(); // graceful: closes its tasks, deregisters
        await(admin, "all back on gw-1", () -> openOn(admin, "gw-1") == 10);
        assertThat(admin.removeTask("PARTY-10").accepted()).isTrue();
        await(admin, "removed", () -> admin.assignments().size() == 9);

        final Trace trace = LabCommand.export(cluster.clientContext(ADMIN), List.of("API_GATEWAY"), 0);
        final Trace back = TraceReader.parse(TraceWriter.toText(trace));
        // the command line, as a viewer, gives the same trace (nothing happened in between: reads record nothing)
        final Path dir = Files.createTempDirectory("export-it");
        final Path file = dir.resolve("export.jsonl");
        final Path credentials = Files.writeString(dir.resolve("viewer.credentials"), "# viewer\n" + VIEWER + "\n");
        final StringWriter err = new StringWriter();
        assertThat(LabCommand.execute(new String[]{"export", "--ingress", cluster.ingressEndpoints(),
            "--credentials-file", credentials.toString(), "--aeron-dir", cluster.clientAeronDirectoryName(),
            "--egress", "aeron:udp?endpoint=localhost:0", "-o", file.toString()},
            new PrintWriter(new StringWriter()), new PrintWriter(err))).as(err.toString()).isZero();
        assertThat(Files.readString(file)).isEqualTo(TraceWriter.toText(trace));
        Files.delete(file);
        Files.delete(credentials);
        Files.delete(dir);

        final Map<String, TaskSpec> added = new TreeMap<>();
        back.events().stream().filter(TraceEvent.Add.class::isInstance).map((e) -> ((TraceEvent.Add)e).spec())
            .forEach((spec) -> added.put(spec.id().name(), spec));
        assertThat(added).hasSize(10);
        assertThat(added.get("PARTY-01")).isEqualTo(TaskSpec.of("PARTY-01", "API_GATEWAY").withWeight(4));
        assertThat(added.get("PARTY-02")).isEqualTo(TaskSpec.of("PARTY-02", "API_GATEWAY", "zone=a"));
        assertThat(added.get("PARTY-03")).isEqualTo(TaskSpec.of("PARTY-03", "API_GATEWAY").withWeight(2));
        assertThat(added.get("PARTY-10")).as("removed: the cluster no longer knows its weight")
            .isEqualTo(TaskSpec.of("PARTY-10"));
        assertThat(back.events()).filteredOn(TraceEvent.Join.class::isInstance)
            .extracting((e) -> ((TraceEvent.Join)e).spec()).containsExactly(
                new WorkerSpec(WorkerId.of("gw-1"), CapabilitySet.of("API_GATEWAY", "zone=a"), 2),
                new WorkerSpec(WorkerId.of("gw-2"), CapabilitySet.of("API_GATEWAY"), 1),
                new WorkerSpec(WorkerId.of("gw-3"), CapabilitySet.of("FIX"), 3));
        assertThat(back.events()).filteredOn(TraceEvent.Leave.class::isInstance).singleElement()
            .satisfies((e) ->
            {
                assertThat(((TraceEvent.Leave)e).worker()).isEqualTo(WorkerId.of("gw-2"));
                assertThat(((TraceEvent.Leave)e).reason()).isEqualTo(LeaveReason.DEREGISTERED);
            });
        assertThat(back.events()).filteredOn(TraceEvent.Remove.class::isInstance).singleElement()
            .satisfies((e) -> assertThat(((TraceEvent.Remove)e).task()).isEqualTo(TaskId.of("PARTY-10")));
        assertThat(back.header().notes()).anySatisfy((n) -> assertThat(n).startsWith("exact: capabilities"))
            .anySatisfy((n) -> assertThat(n).contains("1 removed task(s)", "PARTY-10"));
        final StrategyResult sticky = Lab.run(back, Contender.shipped(List.of("sticky")), LabSettings.defaults(),
            Lab.Progress.NONE).results().get(0);
        assertThat(sticky.rejectedInputs()).isZero();
        assertThat(sticky.moves()).as("to gw-2 when it joined, back when it left").isPositive();
    }

    private GatewayClient gateway(final String name, final int capacity, final String... capabilities)
    {
        final GatewayClient client = GatewayClient.start(new GatewayContext()
            .workerName(name)
            .capabilities(List.of(capabilities))
            .capacity(capacity)
            .credentials("gateway:" + name + ":pw-" + name.substring(3))
            .ingressEndpoints(cluster.ingressEndpoints())
            .aeronDirectoryName(cluster.clientAeronDirectoryName())
            .sessionTimeoutMs(1_000)
            .keepaliveIntervalMs(100)
            .fenceMarginMs(200)
            .listener(new GatewayListener()
            {
                public void onOpen(final String task, final long epoch, final OpenCompletion done)
                {
                    done.opened();
                }

                public void onClose(final String task, final long epoch)
                {
                }
            }));
        closeables.add(client);
        return client;
    }

    private static long openOn(final AdminClient admin, final String worker)
    {
        return admin.assignments().stream().filter((a) -> a.status().equals("OPEN") && a.owner().equals(worker))
            .count();
    }

    private static void await(final AdminClient admin, final String what, final BooleanSupplier condition)
    {
        LocalCluster.await(15_000, what, () ->
        {
            admin.poll(); // keeps the admin session alive (1 s session timeout)
            return condition.getAsBoolean();
        });
    }

    @AfterEach
    void tearDown()
    {
        for (int i = closeables.size() - 1; i >= 0; i--)
        {
            CloseHelper.quietClose(closeables.get(i));
        }
        CloseHelper.quietClose(cluster);
    }
}
