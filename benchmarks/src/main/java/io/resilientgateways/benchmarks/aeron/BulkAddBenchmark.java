package io.resilientgateways.benchmarks.aeron;

import io.resilientgateways.aeron.client.AdminClient;
import io.resilientgateways.aeron.client.GatewayClient;
import io.resilientgateways.aeron.client.GatewayContext;
import io.resilientgateways.aeron.client.GatewayListener;
import io.resilientgateways.aeron.client.OpenCompletion;
import io.resilientgateways.aeron.node.LocalCluster;
import io.resilientgateways.aeron.security.CredentialsTable;
import io.resilientgateways.aeron.service.BalancerServiceContext;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Start of day through a 3-node cluster on loopback, as an operator pays it: N tasks added through the public
 * {@link AdminClient}, either with one {@code addTask} call each (each waits for its reply) or with one
 * {@code addTasks} call (message-sized {@code AddTasks} commands), on a fresh cluster with G gateways in this JVM
 * that open every task they are given at once. Two clocks from the first command: the last reply (every task
 * committed and placed) and the last open acknowledged to a gateway's listener (every task held). Not JMH: the unit
 * of work is a set of replicated log entries and the gateways' directives. Usage: {@code java <agrona flags> -cp
 * benchmarks.jar io.resilientgateways.benchmarks.aeron.BulkAddBenchmark [tasks=100000] [singleTasks=20000]
 * [gateways=3] [rounds=2]}; each round runs both ways, each on its own fresh cluster.
 */
public final class BulkAddBenchmark
{
    private static final String ADMIN = "admin:bench:pw-a";

    private BulkAddBenchmark()
    {
    }

    /**
     * @param args tasks (for {@code addTasks}), singleTasks (for one {@code addTask} each), gateways, rounds.
     */
    public static void main(final String[] args) throws Exception
    {
        final int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        final int singles = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        final int gateways = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        final int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        for (int round = 1; round <= rounds; round++)
        {
            run(round, "addTasks", tasks, gateways);
            run(round, "addTask", singles, gateways);
        }
    }

    private static void run(final int round, final String mode, final int n, final int gateways) throws Exception
    {
        final CredentialsTable credentials = CredentialsTable.of("gateway:*:pw-g", ADMIN);
        final AtomicInteger opened = new AtomicInteger();
        final List<GatewayClient> clients = new ArrayList<>();
        try (LocalCluster cluster = new LocalCluster(3, 22600, 10_000, 1_000, credentials,
            () -> new BalancerServiceContext().restartReconnectWindowMs(10_000)))
        {
            cluster.start();
            cluster.awaitLeader(10_000);
            try
            {
                measure(round, mode, n, gateways, cluster, clients, opened);
            }
            finally
            {
                for (final GatewayClient c : clients)
                {
                    c.close();
                }
            }
        }
    }

    private static void measure(
        final int round, final String mode, final int n, final int gateways, final LocalCluster cluster,
        final List<GatewayClient> clients, final AtomicInteger opened) throws InterruptedException
    {
        final AtomicInteger registered = new AtomicInteger();
        for (int g = 0; g < gateways; g++)
        {
            clients.add(GatewayClient.start(new GatewayContext()
                .workerName("gw-" + g)
                .capabilities(List.of("API_GATEWAY"))
                .credentials("gateway:*:pw-g")
                .ingressEndpoints(cluster.ingressEndpoints())
                .aeronDirectoryName(cluster.clientAeronDirectoryName())
                .sessionTimeoutMs(10_000)
                .listener(new OpenAll(opened, registered))));
        }
        LocalCluster.await(20_000, "gateways registered", () -> registered.get() == gateways);
        final List<AdminClient.NewTask> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++)
        {
            list.add(AdminClient.NewTask.of(String.format("PARTY-%07d", i), "API_GATEWAY"));
        }
        try (AdminClient admin = AdminClient.connect(cluster.clientContext(ADMIN)))
        {
            final long start = System.nanoTime();
            int commands = 0;
            if ("addTasks".equals(mode))
            {
                final AdminClient.BatchReply reply = admin.addTasks(list);
                if (!reply.accepted())
                {
                    throw new IllegalStateException("refused: " + reply);
                }
                commands = reply.commands();
            }
            else
            {
                for (final AdminClient.NewTask t : list)
                {
                    final AdminClient.Reply reply = admin.addTask(t.task(), 1, "API_GATEWAY");
                    if (!reply.accepted())
                    {
                        throw new IllegalStateException("refused: " + reply);
                    }
                    commands++;
                }
            }
            final long replied = System.nanoTime() - start;
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (opened.get() < n)
            {
                admin.cluster().pollEgress();
                if (System.nanoTime() > deadline)
                {
                    throw new IllegalStateException("only " + opened.get() + " of " + n + " opened");
                }
                Thread.sleep(0, 100_000);
            }
            final long held = System.nanoTime() - start;
            System.out.printf("RESULT round %d %s: %d tasks, %d commands, %d gateways: last reply %.1f ms " +
                "(%.2f us/task), all opened %.1f ms (%.2f us/task)%n", round, mode, n, commands, gateways,
                replied / 1e6, replied / 1e3 / n, held / 1e6, held / 1e3 / n);
        }
    }

    /**
     * Opens every task at once and counts it.
     */
    private static final class OpenAll implements GatewayListener
    {
        private final AtomicInteger opened;
        private final AtomicInteger registered;

        OpenAll(final AtomicInteger opened, final AtomicInteger registered)
        {
            this.opened = opened;
            this.registered = registered;
        }

        public void onOpen(final String task, final long epoch, final OpenCompletion done)
        {
            done.opened();
            opened.incrementAndGet();
        }

        public void onClose(final String task, final long epoch)
        {
        }

        public void onRegistered(final boolean resumed)
        {
            registered.incrementAndGet();
        }
    }
}
