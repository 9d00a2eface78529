package io.resilientgateways.console;

import io.resilientgateways.aeron.client.AdminClient;
import io.resilientgateways.aeron.client.GatewayClient;
import io.resilientgateways.aeron.client.GatewayContext;
import io.resilientgateways.aeron.client.GatewayListener;
import io.resilientgateways.aeron.client.OpenCompletion;
import io.resilientgateways.aeron.node.LocalCluster;
import io.resilientgateways.aeron.security.CredentialsTable;
import io.resilientgateways.aeron.service.BalancerServiceContext;
import org.agrona.CloseHelper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One real 3-node cluster in this JVM for a test class, with gateways that open every task they are given, an
 * admin client for the test's own checks, and a console over it. Closes in a safe order: console, clients, nodes.
 */
final class TestCluster implements AutoCloseable
{
    static final String ADMIN = "admin:ops:admin-secret";
    static final String VIEWER = "viewer:dashboard:viewer-secret";
    static final String TOKEN = "test-action-token";
    static final CredentialsTable CREDENTIALS = CredentialsTable.of(
        "gateway:gw-1:pw-1", "gateway:gw-2:pw-2", "gateway:gw-3:pw-3", "gateway:gw-4:pw-4", ADMIN, VIEWER);

    final LocalCluster cluster;
    final Map<String, GatewayClient> gateways = new ConcurrentHashMap<>();
    final List<Console> consoles = new ArrayList<>();

    TestCluster(final int basePort)
    {
        cluster = new LocalCluster(3, basePort, 1_000, 1_000, CREDENTIALS, BalancerServiceContext::new);
        cluster.start();
        cluster.awaitLeader(15_000);
    }

    /**
     * Ask the cluster something with a short-lived admin session (an idle one would time out).
     */
    <T> T admin(final java.util.function.Function<AdminClient, T> request)
    {
        try (AdminClient admin = AdminClient.connect(cluster.clientContext(ADMIN)))
        {
            return request.apply(admin);
        }
    }

    GatewayClient startGateway(final String name)
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
        gateways.put(name, client);
        return client;
    }

    void addTasks(final int count)
    {
        admin((admin) ->
        {
            for (int i = 1; i <= count; i++)
            {
                final AdminClient.Reply reply = admin.addTask(String.format("PARTY-%02d", i), 1, "API_GATEWAY");
                if (!reply.accepted())
                {
                    throw new IllegalStateException("add refused: " + reply);
                }
            }
            return null;
        });
    }

    /**
     * Wait until every task is OPEN (the gateways acknowledged).
     */
    void awaitAllOpen(final long timeoutMs)
    {
        admin((admin) ->
        {
            LocalCluster.await(timeoutMs, "every task open",
                () -> admin.assignments().stream().allMatch((a) -> "OPEN".equals(a.status())));
            return null;
        });
    }

    Console console(final int port, final String token) throws IOException
    {
        final Console console = Console.start(new Console.Settings()
            .ingressEndpoints(cluster.ingressEndpoints())
            .credentials(ADMIN)
            .aeronDir(cluster.clientAeronDirectoryName())
            .port(port)
            .actionToken(token)
            .memberAeronDirs(memberAeronDirs())
            .pollMs(100));
        consoles.add(console);
        return console;
    }

    List<String> memberAeronDirs()
    {
        final List<String> dirs = new ArrayList<>();
        for (int i = 0; i < 3; i++)
        {
            dirs.add(cluster.node(i).consensusModule().context().aeronDirectoryName());
        }
        return dirs;
    }

    static String adminCredentialsFile()
    {
        return credentialsFile(ADMIN);
    }

    static String credentialsFile(final String line)
    {
        try
        {
            final java.nio.file.Path file = java.nio.file.Files.createTempFile("rgctl-", ".credentials");
            file.toFile().deleteOnExit();
            java.nio.file.Files.writeString(file, "# a console test's principal\n" + line + "\n");
            return file.toString();
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    String[] cli(final String... args)
    {
        return cliAs(ADMIN, args);
    }

    String[] cliAs(final String credentials, final String... args)
    {
        final List<String> all = new ArrayList<>(List.of("--ingress-endpoints", cluster.ingressEndpoints(),
            "--credentials-file", credentialsFile(credentials), "--aeron-dir", cluster.clientAeronDirectoryName(),
            "--zone", "UTC"));
        all.addAll(List.of(args));
        return all.toArray(new String[0]);
    }

    public void close()
    {
        consoles.forEach(CloseHelper::quietClose);
        gateways.values().forEach(CloseHelper::quietClose);
        CloseHelper.quietClose(cluster);
    }
}
