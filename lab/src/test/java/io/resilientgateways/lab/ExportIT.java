package io.resilientgateways.lab;

import io.resilientgateways.aeron.client.AdminClient;
import io.resilientgateways.aeron.client.GatewayClient;
import io.resilientgateways.aeron.client.GatewayContext;
import io.resilientgateways.aeron.client.GatewayListener;
import io.resilientgateways.aeron.client.OpenCompletion;
import io.resilientgateways.aeron.node.LocalCluster;
import io.resilientgateways.aeron.security.CredentialsTable;
import io.resilientgateways.aeron.service.BalancerServiceContext;
import io.resilientgateways.core.LeaveReason;
import io.resilientgateways.core.TaskId;
import io.resilientgateways.core.WorkerId;
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
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Export from a real 3-node cluster (ports 49000-49030): two gateways, ten tasks, one gateway stops (deregisters), a
 * task is removed; the exported trace holds those events, reads back, and replays with no rejected input.
 */
class ExportIT
{
    private static final String ADMIN = "admin:ops:admin-secret";
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private LocalCluster cluster;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void exportsTheClustersHistoryAsAReplayableTrace() throws Exception
    {
        cluster = new LocalCluster(3, 49_000, 1_000, 1_000,
            CredentialsTable.of("gateway:gw-1:pw-1", "gateway:gw-2:pw-2", ADMIN), BalancerServiceContext::new);
        cluster.start();
        cluster.awaitLeader(10_000);
        final AdminClient admin = AdminClient.connect(cluster.clientContext(ADMIN));
        closeables.add(admin);
        for (int i = 1; i <= 10; i++)
        {
            assertThat(admin.addTask(String.format("PARTY-%02d", i), 1, "API_GATEWAY").accepted()).isTrue();
        }
        gateway("gw-1");
        await(admin, "all open on gw-1", () -> openOn(admin, "gw-1") == 10);
        final GatewayClient second = gateway("gw-2");
        await(admin, "five each", () -> openOn(admin, "gw-1") == 5 && openOn(admin, "gw-2") == 5);
        second.close(); // graceful: closes its tasks, deregisters
        await(admin, "all back on gw-1", () -> openOn(admin, "gw-1") == 10);
        assertThat(admin.removeTask("PARTY-10").accepted()).isTrue();
        await(admin, "removed", () -> admin.assignments().size() == 9);

        final Trace trace = LabCommand.export(cluster.clientContext(ADMIN), List.of("API_GATEWAY"), 0);
        final Trace back = TraceReader.parse(TraceWriter.toText(trace));
        // the command line gives the same trace (nothing happened in between: an admin's reads record nothing)
        final Path file = Files.createTempDirectory("export-it").resolve("export.jsonl");
        final StringWriter err = new StringWriter();
        assertThat(LabCommand.execute(new String[]{"export", "--ingress", cluster.ingressEndpoints(), "--credentials",
            ADMIN, "--aeron-dir", cluster.clientAeronDirectoryName(), "--egress", "aeron:udp?endpoint=localhost:0",
            "-o", file.toString()}, new PrintWriter(new StringWriter()), new PrintWriter(err))).as(err.toString())
            .isZero();
        assertThat(Files.readString(file)).isEqualTo(TraceWriter.toText(trace));
        Files.delete(file);
        Files.delete(file.getParent());

        assertThat(back.events()).filteredOn(TraceEvent.Add.class::isInstance).hasSize(10);
        assertThat(back.events()).filteredOn(TraceEvent.Join.class::isInstance)
            .extracting((e) -> ((TraceEvent.Join)e).spec().id().name()).containsExactly("gw-1", "gw-2");
        assertThat(back.events()).filteredOn(TraceEvent.Leave.class::isInstance).singleElement()
            .satisfies((e) ->
            {
                assertThat(((TraceEvent.Leave)e).worker()).isEqualTo(WorkerId.of("gw-2"));
                assertThat(((TraceEvent.Leave)e).reason()).isEqualTo(LeaveReason.DEREGISTERED);
            });
        assertThat(back.events()).filteredOn(TraceEvent.Remove.class::isInstance).singleElement()
            .satisfies((e) -> assertThat(((TraceEvent.Remove)e).task()).isEqualTo(TaskId.of("PARTY-10")));
        final StrategyResult sticky = Lab.run(back, Contender.shipped(List.of("sticky")), LabSettings.defaults(),
            Lab.Progress.NONE).results().get(0);
        assertThat(sticky.rejectedInputs()).isZero();
        assertThat(sticky.moves()).isEqualTo(10); // five to gw-2 when it joined, five back when it left
    }

    private GatewayClient gateway(final String name)
    {
        final GatewayClient client = GatewayClient.start(new GatewayContext()
            .workerName(name)
            .capabilities(List.of("API_GATEWAY"))
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
