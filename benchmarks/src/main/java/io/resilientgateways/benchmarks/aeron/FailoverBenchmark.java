package io.resilientgateways.benchmarks.aeron;

import io.resilientgateways.aeron.node.ChildJvm;

import io.resilientgateways.aeron.service.BalancerServiceContext;
import io.resilientgateways.aeron.client.AdminClient;
import io.resilientgateways.aeron.client.GatewayClient;
import io.resilientgateways.aeron.client.GatewayContext;
import io.resilientgateways.aeron.client.GatewayListener;
import io.resilientgateways.aeron.client.GatewayProcess;
import io.resilientgateways.aeron.security.ClientCredentials;
import io.resilientgateways.aeron.client.OpenCompletion;
import io.resilientgateways.aeron.node.LocalCluster;
import io.resilientgateways.aeron.security.CredentialsTable;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Failover latency: a gateway JVM is SIGKILLed and we measure the time until a surviving gateway (in this JVM) has
 * opened every task the dead one held. Not a JMH microbenchmark: each sample is a process kill on a real 3-node
 * cluster. Usage: {@code java <agrona flags> -cp benchmarks.jar io.resilientgateways.benchmarks.aeron.FailoverBenchmark
 * [kills=20] [sessionTimeoutsMs=500,1000]}.
 */
public final class FailoverBenchmark
{
    private static final int TASKS = 8;

    private FailoverBenchmark()
    {
    }

    /**
     * @param args kills per session timeout, comma-separated session timeouts in ms.
     * @throws Exception on failure.
     */
    public static void main(final String[] args) throws Exception
    {
        final int kills = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        final String timeouts = args.length > 1 ? args[1] : "500,1000";
        int basePort = 22000;
        for (final String t : timeouts.split(","))
        {
            run(Long.parseLong(t), kills, basePort);
            basePort += 100;
        }
    }

    private static void run(final long sessionTimeoutMs, final int kills, final int basePort) throws Exception
    {
        final CredentialsTable credentials = CredentialsTable.of(
            "gateway:survivor:pw-s", "gateway:victim:pw-v", "admin:bench:pw-a");
        try (LocalCluster cluster = new LocalCluster(3, basePort, sessionTimeoutMs, 1_000, credentials,
            BalancerServiceContext::new))
        {
            cluster.start();
            cluster.awaitLeader(10_000);
            final Map<String, Long> survivorHeld = new ConcurrentHashMap<>();
            final Map<String, Long> openedAt = new ConcurrentHashMap<>();
            final long keepalive = Math.min(100, sessionTimeoutMs / 5);
            final GatewayClient survivor = GatewayClient.start(new GatewayContext()
                .workerName("survivor").capabilities(List.of("API_GATEWAY")).credentials("gateway:survivor:pw-s")
                .ingressEndpoints(cluster.ingressEndpoints()).aeronDirectoryName(cluster.clientAeronDirectoryName())
                .sessionTimeoutMs(sessionTimeoutMs).keepaliveIntervalMs(keepalive)
                .fenceMarginMs(Math.max(keepalive, sessionTimeoutMs / 5))
                .listener(new GatewayListener()
                {
                    public void onOpen(final String task, final long epoch, final OpenCompletion done)
                    {
                        openedAt.put(task, System.nanoTime());
                        survivorHeld.put(task, epoch);
                        done.opened();
                    }

                    public void onClose(final String task, final long epoch)
                    {
                        survivorHeld.remove(task);
                    }
                }));
            try (AdminClient admin = AdminClient.connect(cluster.clientContext("admin:bench:pw-a")))
            {
                for (int i = 0; i < TASKS; i++)
                {
                    admin.addTask("PARTY-" + i, 1, "API_GATEWAY");
                }
                final long[] samples = new long[kills];
                for (int k = 0; k < kills; k++)
                {
                    final Process child = startChild(cluster, sessionTimeoutMs, keepalive);
                    final Set<String> victimHeld = ConcurrentHashMap.newKeySet();
                    final Thread reader = readChild(child, victimHeld);
                    LocalCluster.await(30_000, "victim registered", () ->
                    {
                        admin.poll();
                        return isRegistered(admin, cluster);
                    });
                    for (int i = 0; i < TASKS / 2; i++)
                    {
                        final String task = "PARTY-" + i;
                        LocalCluster.await(10_000, "move " + task, () ->
                        {
                            final AdminClient.Reply r = admin.moveTask(task, "victim");
                            return r.accepted() || r.code() == 16;
                        });
                    }
                    LocalCluster.await(10_000, "victim holds its tasks", () -> victimHeld.size() == TASKS / 2);
                    final Set<String> victims = Set.copyOf(victimHeld);
                    final long killedAt = System.nanoTime();
                    child.destroyForcibly();
                    child.waitFor();
                    LocalCluster.await(3 * sessionTimeoutMs + 5_000, "reopen on survivor", () ->
                    {
                        admin.poll();
                        return survivorHeld.keySet().containsAll(victims);
                    });
                    long last = 0;
                    for (final String task : victims)
                    {
                        last = Math.max(last, openedAt.get(task));
                    }
                    samples[k] = TimeUnit.NANOSECONDS.toMillis(last - killedAt);
                    reader.interrupt();
                    System.out.println("session timeout " + sessionTimeoutMs + " ms, kill " + (k + 1) + ": " +
                        samples[k] + " ms");
                }
                Arrays.sort(samples);
                System.out.printf("RESULT sessionTimeoutMs=%d kills=%d p50=%d ms p99=%d ms max=%d ms min=%d ms%n",
                    sessionTimeoutMs, kills, samples[(int)Math.ceil(0.5 * kills) - 1],
                    samples[(int)Math.ceil(0.99 * kills) - 1], samples[kills - 1], samples[0]);
            }
            finally
            {
                survivor.close();
            }
        }
    }

    private static boolean isRegistered(final AdminClient admin, final LocalCluster cluster)
    {
        final AdminClient.Reply reply = admin.moveTask("PARTY-0", "victim");
        return reply.code() != 5 && reply.code() != 15;
    }

    private static Process startChild(final LocalCluster cluster, final long sessionTimeoutMs, final long keepalive)
        throws Exception
    {
        final List<String> cmd = ChildJvm.command(GatewayProcess.class, List.of(
            "victim", cluster.ingressEndpoints(), "env", cluster.newAeronDirectoryName("victim"),
            Long.toString(sessionTimeoutMs), Long.toString(keepalive), "API_GATEWAY"));
        final ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true);
        builder.environment().put(ClientCredentials.ENVIRONMENT_VARIABLE, "gateway:victim:pw-v");
        final Process p = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        return p;
    }

    private static Thread readChild(final Process p, final Set<String> held)
    {
        final Thread t = new Thread(() ->
        {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8)))
            {
                String line;
                while (null != (line = in.readLine()))
                {
                    final String[] parts = line.split(" ");
                    if ("OPEN".equals(parts[0]))
                    {
                        held.add(parts[1]);
                    }
                    else if ("CLOSE".equals(parts[0]))
                    {
                        held.remove(parts[1]);
                    }
                }
            }
            catch (final Exception ignore)
            {
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }
}
