package io.resilientgateways.examples.chaos;

import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.Header;
import io.aeron.security.CredentialsSupplier;
import io.resilientgateways.aeron.client.AdminClient;
import io.resilientgateways.aeron.codecs.AddTaskEncoder;
import io.resilientgateways.aeron.codecs.DeregisterEncoder;
import io.resilientgateways.aeron.codecs.DrainWorkerEncoder;
import io.resilientgateways.aeron.codecs.HeartbeatEncoder;
import io.resilientgateways.aeron.codecs.MessageHeaderDecoder;
import io.resilientgateways.aeron.codecs.MessageHeaderEncoder;
import io.resilientgateways.aeron.codecs.MoveTaskEncoder;
import io.resilientgateways.aeron.codecs.QueryHistoryEncoder;
import io.resilientgateways.aeron.codecs.RegisterEncoder;
import io.resilientgateways.aeron.codecs.RejectedDecoder;
import io.resilientgateways.aeron.codecs.RemoveTaskEncoder;
import io.resilientgateways.aeron.codecs.ResyncEncoder;
import io.resilientgateways.aeron.codecs.TaskClosedEncoder;
import io.resilientgateways.aeron.codecs.TaskOpenedEncoder;
import io.resilientgateways.aeron.codecs.TaskReleasedEncoder;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A live-cluster fuzz test: the chaos suite's processes (three members, three gateways holding every party, the
 * counterparty, trade entry) while a client with a gateway principal ({@code gw-4}, never registered) sends
 * messages drawn from a seed: random bytes, valid headers with random bodies, hostile values (lengths past the end,
 * huge counts, extreme epochs and capacities, names of other principals), admin templates from the gateway role,
 * and replays of real gateways' acks and registrations. Afterwards: the assignment (owner, status and epoch of every
 * party) is unchanged, the counterparty saw no new connection, every member is alive, no process printed an
 * exception, and the usual end checks hold (every confirmation answered, no gap or duplicate).
 * {@code -Dfuzz.messages} (default 20,000; the long variant 120,000), {@code -Dfuzz.seed}.
 */
class LiveFuzzIT
{
    private static final int SCHEMA_ID = MessageHeaderDecoder.SCHEMA_ID;
    private static final int[] TEMPLATES = {1, 2, 3, 4, 5, 6, 7, 8, 19, 20, 21, 22, 23, 24, 25, 26, 50, 51, 52, 90};

    @Test
    void hostileIngressChangesNothing() throws Exception
    {
        final long seed = Long.getLong("fuzz.seed", System.nanoTime() & 0xFFFF_FFFFL);
        final int messages = Integer.getInteger("fuzz.messages", 20_000);
        final ChaosRun.Options options = new ChaosRun.Options(seed, 0, List.of(), 3, 12, 20,
            Integer.getInteger("fuzz.basePort", 31000), 2_000, 400, 500, 50, 100, 0, Boolean.getBoolean("chaos.echo"),
            System.out);
        System.out.println("FUZZ seed " + seed + " (replay: -Dfuzz.seed=" + seed + "), " + messages + " messages");
        final AtomicReference<String> report = new AtomicReference<>();
        assertTimeoutPreemptively(Duration.ofSeconds(240 + messages / 500), () ->
        {
            try (ChaosRun run = new ChaosRun(options))
            {
                run.startAll();
                report.set(fuzz(run, seed, messages));
            }
        });
        System.out.println(report.get());
    }

    private static String fuzz(final ChaosRun run, final long seed, final int messages) throws Exception
    {
        final String aeronDir = run.shmRoot() + "-fuzzer";
        final MediaDriver driver = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(aeronDir)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new SleepingMillisIdleStrategy(1))
            .termBufferSparseFile(true)
            .publicationTermBufferLength(64 * 1024)
            .ipcTermBufferLength(64 * 1024)
            .asyncExecutorEnabled(false)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
        try
        {
            final String endpoints = "0=localhost:" + port(run, 0) + ",1=localhost:" + port(run, 1) +
                ",2=localhost:" + port(run, 2);
            final List<AdminClient.AssignmentRecord> before;
            try (AdminClient admin = AdminClient.connect(context(aeronDir, endpoints, "admin:ops:ops-secret")))
            {
                before = admin.assignments();
            }
            final long fuzzStartNs = System.nanoTime();
            final TreeMap<Integer, Integer> rejections = new TreeMap<>();
            final Random random = new Random(seed);
            final Generator generator = new Generator(random, before);
            final long[] kinds = new long[Generator.KINDS];
            try (AeronCluster fuzzer = AeronCluster.connect(context(aeronDir, endpoints, "gateway:gw-4:pw-gw-4")
                .egressListener(new Counting(rejections))))
            {
                final long intervalNs = TimeUnit.SECONDS.toNanos(1) / 5_000;
                long next = System.nanoTime();
                long lastKeepAlive = 0;
                for (int i = 0; i < messages; i++)
                {
                    final int length = generator.next();
                    kinds[generator.kind]++;
                    while (fuzzer.offer(generator.buffer, 0, length) < 0)
                    {
                        fuzzer.pollEgress();
                        Thread.onSpinWait();
                        if (fuzzer.isClosed())
                        {
                            throw new IllegalStateException("fuzzer session closed after " + i + " messages");
                        }
                    }
                    fuzzer.pollEgress();
                    if (System.nanoTime() - lastKeepAlive > TimeUnit.MILLISECONDS.toNanos(100))
                    {
                        fuzzer.sendKeepAlive();
                        lastKeepAlive = System.nanoTime();
                    }
                    next += intervalNs;
                    while (System.nanoTime() - next < 0)
                    {
                        fuzzer.pollEgress();
                        Thread.sleep(0, 200_000);
                    }
                }
                final long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                while (System.nanoTime() - drainUntil < 0)
                {
                    fuzzer.pollEgress();
                    Thread.sleep(5);
                }
            }
            final List<AdminClient.AssignmentRecord> after;
            try (AdminClient admin = AdminClient.connect(context(aeronDir, endpoints, "admin:ops:ops-secret")))
            {
                after = admin.assignments();
            }
            final long fuzzMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - fuzzStartNs);
            final List<String> exceptions = new ArrayList<>();
            for (final Proc p : run.processes())
            {
                for (final Proc.Line line : p.lines)
                {
                    if (line.nanoTime() >= fuzzStartNs &&
                        (line.text().contains("Exception") || line.text().startsWith("AERON ")))
                    {
                        exceptions.add(p.name + ": " + line.text());
                    }
                }
            }
            final int welcomes = run.counterpartyEvents("WELCOME", fuzzStartNs);
            final int stale = run.counterpartyEvents("STALE", fuzzStartNs);
            final boolean alive = run.nodesAlive();
            final ChaosRun.Outcome end = run.finish(List.of());
            final String report = String.format("FUZZ %d messages in %d ms (random bytes %d, valid header + random " +
                "body %d, hostile values %d, admin templates as gateway %d, replays %d); rejections by code %s; " +
                "assignment unchanged %s; new connections %d, stale %d; members alive %s; exception lines %d; end: " +
                "%s", messages, fuzzMs, kinds[0], kinds[1], kinds[2], kinds[3], kinds[4], rejections,
                before.equals(after), welcomes, stale, alive, exceptions.size(), ChaosRun.table(end));
            assertThat(after).as(report).isEqualTo(before);
            assertThat(before).hasSize(12);
            assertThat(welcomes).as(report).isZero();
            assertThat(stale).as(report).isZero();
            assertThat(alive).as(report).isTrue();
            assertThat(exceptions).as(report).isEmpty();
            assertThat(end.pass()).as(report).isTrue();
            return report;
        }
        finally
        {
            driver.close();
            IoUtil.delete(new File(aeronDir), true);
        }
    }

    private static int port(final ChaosRun run, final int member)
    {
        return Integer.parseInt(run.members().split(",")[member].split(":")[1]);
    }

    private static AeronCluster.Context context(final String aeronDir, final String endpoints, final String credentials)
    {
        return new AeronCluster.Context()
            .aeronDirectoryName(aeronDir)
            .ingressChannel("aeron:udp?term-length=128k")
            .ingressEndpoints(endpoints)
            .egressChannel("aeron:udp?endpoint=localhost:0|term-length=128k")
            .messageTimeoutNs(TimeUnit.SECONDS.toNanos(5))
            .credentialsSupplier(new CredentialsSupplier()
            {
                public byte[] encodedCredentials()
                {
                    return credentials.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                }

                public byte[] onChallenge(final byte[] encodedChallenge)
                {
                    return encodedCredentials();
                }
            });
    }

    /**
     * Counts the Rejected codes the fuzzer gets back (egress is best effort: some may be lost).
     */
    private record Counting(TreeMap<Integer, Integer> rejections) implements EgressListener
    {
        public void onMessage(
            final long clusterSessionId,
            final long timestamp,
            final DirectBuffer buffer,
            final int offset,
            final int length,
            final Header header)
        {
            final MessageHeaderDecoder h = new MessageHeaderDecoder().wrap(buffer, offset);
            if (length >= MessageHeaderDecoder.ENCODED_LENGTH && h.schemaId() == SCHEMA_ID &&
                h.templateId() == RejectedDecoder.TEMPLATE_ID)
            {
                final RejectedDecoder r = new RejectedDecoder().wrapAndApplyHeader(buffer, offset, h);
                rejections.merge(r.code(), 1, Integer::sum);
            }
        }
    }

    /**
     * Draws one message at a time into its buffer.
     */
    private static final class Generator
    {
        static final int KINDS = 5;
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[2048]);
        int kind;
        private final Random random;
        private final List<AdminClient.AssignmentRecord> assignment;
        private final MessageHeaderEncoder header = new MessageHeaderEncoder();

        Generator(final Random random, final List<AdminClient.AssignmentRecord> assignment)
        {
            this.random = random;
            this.assignment = assignment;
        }

        int next()
        {
            kind = random.nextInt(KINDS);
            return switch (kind)
            {
                case 0 -> randomBytes(0, random.nextInt(300));
                case 1 -> validHeaderRandomBody();
                case 2 -> hostile();
                case 3 -> adminTemplate();
                default -> replay();
            };
        }

        private int randomBytes(final int offset, final int length)
        {
            for (int i = 0; i < length; i++)
            {
                buffer.putByte(offset + i, (byte)random.nextInt(256));
            }
            return offset + length;
        }

        private int validHeaderRandomBody()
        {
            header.wrap(buffer, 0)
                .blockLength(random.nextBoolean() ? random.nextInt(64) : 8 * random.nextInt(4))
                .templateId(random.nextInt(4) == 0 ? random.nextInt(65536) : TEMPLATES[random.nextInt(
                    TEMPLATES.length)])
                .schemaId(SCHEMA_ID)
                .version(random.nextInt(4));
            return randomBytes(MessageHeaderEncoder.ENCODED_LENGTH, random.nextInt(200));
        }

        private int hostile()
        {
            final String party = party();
            switch (random.nextInt(10))
            {
                case 0: // a name whose length runs past the end of the message
                {
                    final int end = register(1, 1, 1, 2, "x");
                    buffer.putShort(end - 3, (short)65_000);
                    return end;
                }
                case 1: // a huge capability count with nothing behind it
                {
                    final RegisterEncoder e = new RegisterEncoder().wrapAndApplyHeader(buffer, 0, header)
                        .correlationId(2).incarnation(2).capacity(1).protocolVersion(2);
                    final int groupAt = e.limit();
                    e.capabilitiesCount(1).next().capability("API_GATEWAY");
                    e.name("gw-4x");
                    buffer.putShort(groupAt + 2, (short)-1);
                    return e.limit();
                }
                case 2: // non-printable, empty and over-long names
                {
                    final String[] names = {"", "gw\u0001", "x".repeat(65), "gw-4 ", "\u007f\u007f"};
                    return register(3, 3, 1, 2, names[random.nextInt(names.length)]);
                }
                case 3: // extreme capacities and protocol versions, under someone else's name
                    return register(Long.MIN_VALUE, -1, random.nextBoolean() ? -1 : Integer.MAX_VALUE,
                        random.nextBoolean() ? 0 : 65535, "gw-" + (1 + random.nextInt(3)));
                case 4: // extreme epochs
                {
                    final long[] epochs = {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE};
                    return new TaskOpenedEncoder().wrapAndApplyHeader(buffer, 0, header)
                        .epoch(epochs[random.nextInt(epochs.length)]).task(party).limit();
                }
                case 5: // a block length larger than the message
                {
                    final int end = new TaskClosedEncoder().wrapAndApplyHeader(buffer, 0, header).epoch(1)
                        .task(party).limit();
                    buffer.putShort(0, (short)65_535);
                    return end;
                }
                case 6: // a future schema version with a longer block
                {
                    final int end = new HeartbeatEncoder().wrapAndApplyHeader(buffer, 0, header).correlationId(6)
                        .sendTimeNs(Long.MAX_VALUE).limit();
                    buffer.putShort(6, (short)65_535);
                    return randomBytes(end, random.nextInt(64));
                }
                case 7: // only a header, or less
                    return randomBytes(0, random.nextInt(MessageHeaderEncoder.ENCODED_LENGTH + 1));
                case 8: // someone else's schema id
                {
                    header.wrap(buffer, 0).blockLength(8).templateId(1).schemaId(random.nextInt(65536)).version(1);
                    return randomBytes(MessageHeaderEncoder.ENCODED_LENGTH, random.nextInt(64));
                }
                default: // a huge release epoch of a real party
                    return new TaskReleasedEncoder().wrapAndApplyHeader(buffer, 0, header).epoch(Long.MAX_VALUE)
                        .task(party).limit();
            }
        }

        private int adminTemplate()
        {
            final String party = party();
            return switch (random.nextInt(5))
            {
                case 0 ->
                {
                    final AddTaskEncoder e = new AddTaskEncoder().wrapAndApplyHeader(buffer, 0, header)
                        .correlationId(20).weight(1);
                    e.requiredCapabilitiesCount(0);
                    e.task("FUZZ-" + random.nextInt(1000));
                    yield e.limit();
                }
                case 1 -> new RemoveTaskEncoder().wrapAndApplyHeader(buffer, 0, header).correlationId(21)
                    .task(party).limit();
                case 2 -> new DrainWorkerEncoder().wrapAndApplyHeader(buffer, 0, header).correlationId(22)
                    .worker("gw-" + (1 + random.nextInt(3))).limit();
                case 3 -> new MoveTaskEncoder().wrapAndApplyHeader(buffer, 0, header).correlationId(23).task(party)
                    .worker("gw-" + (1 + random.nextInt(3))).limit();
                default -> new QueryHistoryEncoder().wrapAndApplyHeader(buffer, 0, header).correlationId(25)
                    .maxEntries(random.nextInt()).task(party).limit();
            };
        }

        private int replay()
        {
            final AdminClient.AssignmentRecord a = assignment.get(random.nextInt(assignment.size()));
            final long epoch = a.epoch() - random.nextInt(2);
            return switch (random.nextInt(7))
            {
                case 0 -> new TaskOpenedEncoder().wrapAndApplyHeader(buffer, 0, header).epoch(epoch).task(a.task())
                    .limit();
                case 1 -> new TaskClosedEncoder().wrapAndApplyHeader(buffer, 0, header).epoch(epoch).task(a.task())
                    .limit();
                case 2 -> new TaskReleasedEncoder().wrapAndApplyHeader(buffer, 0, header).epoch(epoch)
                    .task(a.task()).limit();
                case 3 ->
                {
                    final RegisterEncoder e = new RegisterEncoder().wrapAndApplyHeader(buffer, 0, header)
                        .correlationId(random.nextInt(10)).incarnation(1).capacity(1).protocolVersion(2);
                    e.capabilitiesCount(1).next().capability("API_GATEWAY");
                    e.name(null == a.owner() || a.owner().isEmpty() ? "gw-1" : a.owner());
                    yield e.limit();
                }
                case 4 -> new HeartbeatEncoder().wrapAndApplyHeader(buffer, 0, header).correlationId(7)
                    .sendTimeNs(System.nanoTime()).limit();
                case 5 -> new ResyncEncoder().wrapAndApplyHeader(buffer, 0, header).correlationId(8).limit();
                default -> new DeregisterEncoder().wrapAndApplyHeader(buffer, 0, header).correlationId(9).limit();
            };
        }

        private int register(
            final long correlationId, final long incarnation, final int capacity, final int version, final String name)
        {
            final RegisterEncoder e = new RegisterEncoder().wrapAndApplyHeader(buffer, 0, header)
                .correlationId(correlationId).incarnation(incarnation).capacity(capacity).protocolVersion(version);
            e.capabilitiesCount(0);
            e.name(name);
            return e.limit();
        }

        private String party()
        {
            return assignment.get(random.nextInt(assignment.size())).task();
        }
    }
}
