package io.resilientgateways.benchmarks.aeron;

import io.aeron.Aeron;
import io.aeron.DirectBufferVector;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredServiceContainer;
import io.aeron.logbuffer.BufferClaim;
import io.resilientgateways.aeron.codecs.AddTaskEncoder;
import io.resilientgateways.aeron.codecs.BooleanType;
import io.resilientgateways.aeron.codecs.HeartbeatEncoder;
import io.resilientgateways.aeron.codecs.MessageHeaderDecoder;
import io.resilientgateways.aeron.codecs.MessageHeaderEncoder;
import io.resilientgateways.aeron.codecs.OpenDecoder;
import io.resilientgateways.aeron.codecs.RegisterEncoder;
import io.resilientgateways.aeron.codecs.TaskOpenedEncoder;
import io.resilientgateways.aeron.service.BalancerServiceComponent;
import io.resilientgateways.aeron.service.BalancerServiceContext;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The clustered service's hot ingress paths through the public component call a host service makes,
 * {@link BalancerServiceComponent#onSessionMessage}, on an in-memory leader (no Aeron, no log): what one message
 * costs the service thread, and with {@code -prof gc} what it allocates ({@code gc.alloc.rate.norm}, bytes per
 * operation; the target is 0).
 * <ul>
 *   <li>{@code heartbeat}: a registered gateway's Heartbeat, answered with a HeartbeatReply.</li>
 *   <li>{@code repeatOpenAck}: a TaskOpened for a task already OPEN under that epoch (what a gateway sends again
 *   after a resync or resume), accepted without a state change; rotates over every task.</li>
 * </ul>
 * Tasks: 10 or 10,000 on one gateway. Run:
 * {@code java -jar benchmarks/target/benchmarks.jar IngressBenchmark -prof gc}.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-XX:+UseSerialGC",
    "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class IngressBenchmark
{
    @Param({"10", "10000"})
    public int tasks;

    private final UnsafeBuffer heartbeat = new UnsafeBuffer(new byte[64]);
    private int heartbeatLength;
    private UnsafeBuffer[] acks;
    private int[] ackLengths;
    private int next;
    private BenchCluster cluster;
    private BenchSession gateway;
    private BalancerServiceComponent component;

    @Setup(Level.Trial)
    public void setUp()
    {
        cluster = new BenchCluster();
        component = new BalancerServiceComponent(new BalancerServiceContext().sessionTimeoutMs(1_000));
        component.onStart(cluster, null);
        component.onNewLeadershipTermEvent(0, 1, TimeUnit.MILLISECONDS);
        gateway = cluster.open("gateway:gw-1");
        final BenchSession admin = cluster.open("admin:ops");
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        final MessageHeaderEncoder header = new MessageHeaderEncoder();

        final RegisterEncoder register = new RegisterEncoder().wrapAndApplyHeader(buffer, 0, header)
            .correlationId(1).incarnation(7).capacity(1).protocolVersion(1).sendTimeNs(1)
            .holdsTasks(BooleanType.FALSE);
        register.capabilitiesCount(0);
        register.name("gw-1");
        component.onSessionMessage(gateway, 1, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + register.encodedLength());

        gateway.capture = true;
        for (int i = 0; i < tasks; i++)
        {
            final AddTaskEncoder add = new AddTaskEncoder().wrapAndApplyHeader(buffer, 0, header)
                .correlationId(2 + i).weight(1);
            add.requiredCapabilitiesCount(0);
            add.task(String.format("PARTY-%05d", i));
            component.onSessionMessage(admin, 2, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + add.encodedLength());
        }
        acks = new UnsafeBuffer[tasks];
        ackLengths = new int[tasks];
        final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
        final OpenDecoder open = new OpenDecoder();
        int i = 0;
        for (final UnsafeBuffer m : gateway.captured)
        {
            headerDecoder.wrap(m, 0);
            if (OpenDecoder.TEMPLATE_ID != headerDecoder.templateId())
            {
                continue;
            }
            open.wrap(m, MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(), headerDecoder.version());
            final UnsafeBuffer ack = new UnsafeBuffer(new byte[128]);
            ackLengths[i] = MessageHeaderEncoder.ENCODED_LENGTH + new TaskOpenedEncoder()
                .wrapAndApplyHeader(ack, 0, new MessageHeaderEncoder()).epoch(open.epoch()).task(open.task())
                .encodedLength();
            acks[i++] = ack;
        }
        gateway.capture = false;
        gateway.captured.clear();
        if (i != tasks)
        {
            throw new IllegalStateException("expected " + tasks + " opens, got " + i);
        }
        for (int k = 0; k < tasks; k++)
        {
            component.onSessionMessage(gateway, 3, acks[k], 0, ackLengths[k]); // OPENING -> OPEN
        }
        heartbeatLength = MessageHeaderEncoder.ENCODED_LENGTH + new HeartbeatEncoder()
            .wrapAndApplyHeader(heartbeat, 0, header).correlationId(9).sendTimeNs(9).encodedLength();
        if (component.rejectedCount() != 0)
        {
            throw new IllegalStateException("set-up rejected " + component.rejectedCount() + " messages");
        }
    }

    @Benchmark
    public boolean heartbeat()
    {
        return component.onSessionMessage(gateway, 4, heartbeat, 0, heartbeatLength);
    }

    @Benchmark
    public boolean repeatOpenAck()
    {
        final int i = next;
        next = i + 1 == tasks ? 0 : i + 1;
        return component.onSessionMessage(gateway, 4, acks[i], 0, ackLengths[i]);
    }

    /**
     * A session whose egress is discarded (or captured during set-up).
     */
    static final class BenchSession implements ClientSession
    {
        final long id;
        final byte[] principal;
        final List<UnsafeBuffer> captured = new ArrayList<>();
        boolean capture;
        long offered;

        BenchSession(final long id, final byte[] principal)
        {
            this.id = id;
            this.principal = principal;
        }

        public long id()
        {
            return id;
        }

        public int responseStreamId()
        {
            return 0;
        }

        public String responseChannel()
        {
            return "bench";
        }

        public byte[] encodedPrincipal()
        {
            return principal;
        }

        public void close()
        {
        }

        public boolean isClosing()
        {
            return false;
        }

        public long offer(final DirectBuffer buffer, final int offset, final int length)
        {
            if (capture)
            {
                final UnsafeBuffer copy = new UnsafeBuffer(new byte[length]);
                copy.putBytes(0, buffer, offset, length);
                captured.add(copy);
            }
            return ++offered;
        }

        public long offer(final DirectBufferVector[] vectors)
        {
            throw new UnsupportedOperationException();
        }

        public long tryClaim(final int length, final BufferClaim bufferClaim)
        {
            throw new UnsupportedOperationException();
        }
    }

    /**
     * A leader with sessions and nothing else.
     */
    static final class BenchCluster implements Cluster
    {
        private final Long2ObjectHashMap<BenchSession> sessions = new Long2ObjectHashMap<>();
        private long nextId = 1;

        BenchSession open(final String principal)
        {
            final BenchSession s = new BenchSession(nextId++, principal.getBytes());
            sessions.put(s.id, s);
            return s;
        }

        public int memberId()
        {
            return 0;
        }

        public Role role()
        {
            return Role.LEADER;
        }

        public long logPosition()
        {
            return 0;
        }

        public Aeron aeron()
        {
            return null;
        }

        public ClusteredServiceContainer.Context context()
        {
            return null;
        }

        public ClientSession getClientSession(final long clusterSessionId)
        {
            return sessions.get(clusterSessionId);
        }

        public Collection<ClientSession> clientSessions()
        {
            return new ArrayList<>(sessions.values());
        }

        public void forEachClientSession(final Consumer<? super ClientSession> action)
        {
            sessions.values().forEach(action);
        }

        public boolean closeClientSession(final long clusterSessionId)
        {
            return false;
        }

        public long time()
        {
            return 4;
        }

        public TimeUnit timeUnit()
        {
            return TimeUnit.MILLISECONDS;
        }

        public boolean scheduleTimer(final long correlationId, final long deadline)
        {
            return true;
        }

        public boolean cancelTimer(final long correlationId)
        {
            return true;
        }

        public long offer(final DirectBuffer buffer, final int offset, final int length)
        {
            throw new UnsupportedOperationException();
        }

        public long offer(final DirectBufferVector[] vectors)
        {
            throw new UnsupportedOperationException();
        }

        public long tryClaim(final int length, final BufferClaim bufferClaim)
        {
            throw new UnsupportedOperationException();
        }

        public IdleStrategy idleStrategy()
        {
            return NoOpIdleStrategy.INSTANCE;
        }
    }
}
