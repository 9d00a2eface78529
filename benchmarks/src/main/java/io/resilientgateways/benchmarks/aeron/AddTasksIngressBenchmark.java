package io.resilientgateways.benchmarks.aeron;

import io.resilientgateways.aeron.codecs.AddTaskEncoder;
import io.resilientgateways.aeron.codecs.AddTasksEncoder;
import io.resilientgateways.aeron.codecs.BooleanType;
import io.resilientgateways.aeron.codecs.MessageHeaderEncoder;
import io.resilientgateways.aeron.codecs.RegisterEncoder;
import io.resilientgateways.aeron.service.BalancerServiceComponent;
import io.resilientgateways.aeron.service.BalancerServiceContext;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What adding K tasks costs the clustered service's thread, through the public component call a host service makes
 * ({@link BalancerServiceComponent#onSessionMessage}) on an in-memory leader (no Aeron, no log; the gateways' egress
 * is discarded): one {@code AddTasks} message of K tasks against K {@code AddTask} messages, each on a fresh component
 * with three registered gateways and the same K tasks ({@code PARTY-0000000}..., one capability), so every shot places
 * K new tasks: decoding, the engine's placement, the K {@code Open} directives and the admin reply. Single shots,
 * one per fresh component. Run: {@code java -jar benchmarks/target/benchmarks.jar AddTasksIngressBenchmark}.
 */
@State(Scope.Thread)
@Fork(value = 3, jvmArgsAppend = {"-Xmx1g", "-XX:+UseSerialGC",
    "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
@Warmup(iterations = 1000)
@Measurement(iterations = 100)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AddTasksIngressBenchmark
{
    /** Tasks per shot: about one 16 KiB message's worth of these names, and the most one command may hold. */
    @Param({"450", "4096"})
    public int tasks;

    private UnsafeBuffer batch;
    private int batchLength;
    private UnsafeBuffer[] singles;
    private int[] singleLengths;
    private IngressBenchmark.BenchCluster cluster;
    private IngressBenchmark.BenchSession admin;
    private BalancerServiceComponent component;

    @Setup(Level.Trial)
    public void encode()
    {
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        batch = new UnsafeBuffer(new byte[256 * 1024]);
        final AddTasksEncoder e = new AddTasksEncoder().wrapAndApplyHeader(batch, 0, header).correlationId(1)
            .skipExisting(BooleanType.FALSE);
        final AddTasksEncoder.TasksEncoder group = e.tasksCount(tasks);
        singles = new UnsafeBuffer[tasks];
        singleLengths = new int[tasks];
        for (int i = 0; i < tasks; i++)
        {
            final String name = String.format("PARTY-%07d", i);
            group.next().weight(1).requiredCapabilitiesCount(1).next().capability("API_GATEWAY");
            group.task(name);
            singles[i] = new UnsafeBuffer(new byte[128]);
            final AddTaskEncoder one = new AddTaskEncoder().wrapAndApplyHeader(singles[i], 0, header)
                .correlationId(2 + i).weight(1);
            one.requiredCapabilitiesCount(1).next().capability("API_GATEWAY");
            one.task(name).operatorName("");
            singleLengths[i] = MessageHeaderEncoder.ENCODED_LENGTH + one.encodedLength();
        }
        e.operatorName("");
        batchLength = MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
    }

    @Setup(Level.Invocation)
    public void freshComponent()
    {
        cluster = new IngressBenchmark.BenchCluster();
        component = new BalancerServiceComponent(new BalancerServiceContext().sessionTimeoutMs(1_000));
        component.onStart(cluster, null);
        component.onNewLeadershipTermEvent(0, 1, TimeUnit.MILLISECONDS);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        for (int g = 1; g <= 3; g++)
        {
            final IngressBenchmark.BenchSession gateway = cluster.open("gateway:gw-" + g);
            final RegisterEncoder register = new RegisterEncoder().wrapAndApplyHeader(buffer, 0, header)
                .correlationId(1).incarnation(g).capacity(1).protocolVersion(1).sendTimeNs(1)
                .holdsTasks(BooleanType.FALSE);
            register.capabilitiesCount(1).next().capability("API_GATEWAY");
            register.name("gw-" + g);
            component.onSessionMessage(gateway, 1, buffer, 0,
                MessageHeaderEncoder.ENCODED_LENGTH + register.encodedLength());
        }
        admin = cluster.open("admin:ops");
    }

    @Benchmark
    public boolean addTasksOneMessage()
    {
        return component.onSessionMessage(admin, 2, batch, 0, batchLength);
    }

    @Benchmark
    public boolean addTaskEach()
    {
        boolean ours = true;
        for (int i = 0; i < tasks; i++)
        {
            ours &= component.onSessionMessage(admin, 2, singles[i], 0, singleLengths[i]);
        }
        return ours;
    }

    /**
     * Outside the timed shot: every task was added, nothing refused.
     */
    @TearDown(Level.Invocation)
    public void check()
    {
        final int added = component.balancer().assignments().size();
        if (added != tasks || component.rejectedCount() != 0)
        {
            throw new IllegalStateException(added + " of " + tasks + " added, " + component.rejectedCount() +
                " rejected");
        }
    }
}
