package io.resilientgateways.benchmarks.strategies;

import io.resilientgateways.core.TaskSpec;
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

import java.util.concurrent.TimeUnit;

/**
 * The whole event a user pays for, through the engine's public inputs only ({@code registerWorker}, {@code addTask},
 * {@code workerLeft}, {@code taskOpened}, {@code taskClosed}, {@code onTimer}), with one of our policies (sticky by
 * default) and {@code maxMovesPerRound} high enough for one round; the rest of {@code BalancerConfig} is default.
 * Every task has weight 1; worker i is {@code w000i}, task i {@code t000000i}. Compare with {@link PeerEventBenchmark}
 * in the same run.
 * <p>
 * Two states before the event:
 * <ul>
 *   <li>{@code First}: an engine just built from inputs: M workers registered, N tasks added, every open
 *   acknowledged, the handoff timer fired; nothing read since. Built afresh for every measured call.</li>
 *   <li>{@code Steady}: one engine per trial that has been through the 20-step churn and, before every measured call,
 *   the reverse of the previous call (the leaver rejoins, the joiner leaves, the churned membership goes back to
 *   workers 0..M-1), each acknowledged, timers fired.</li>
 * </ul>
 * What is timed:
 * <ul>
 *   <li>{@code leave*}: the input {@code workerLeft(w[M/2])}: its N/M tasks placed on the others (N/M {@code allocate}
 *   calls and open directives), then one {@code rebalance} call and the close directives of its moves.</li>
 *   <li>{@code join*}: the input {@code registerWorker(w[M])}: one {@code rebalance} call and a close directive for
 *   every task that moves to the joiner.</li>
 *   <li>{@code *Handoff}: the same input, then every acknowledgement it leads to, until nothing is outstanding: each
 *   close ack makes the engine send the open to the new owner, and each open ack completes that task's handoff.</li>
 *   <li>{@code churn*}: 20 seeded membership changes ({@link ChurnPlan}), each input followed by all its
 *   acknowledgements, as {@code *Handoff} (one figure for all 20 steps).</li>
 *   <li>{@code initial} / {@code initialHandoff}: one {@code addTasks} input of N tasks on an engine with M registered
 *   workers and no tasks (one {@code allocateAll} call, N open directives), then (handoff) the N open acks. The
 *   driver's wire is reserved for N directives before the timed call, as the adapter's egress buffers are.</li>
 * </ul>
 * Each measured call is a single shot; the setup before it (building, restoring, {@code System.gc()}) is not timed.
 * Each fork first runs {@link ChurnPlan#warmUpRounds} rounds of the churn on a scratch engine, untimed, as the peer
 * runs its churn calls, so that short events are measured on compiled code, as on a member that runs all day.
 * Three forks by default: the same jar's figures differ by up to 1.5x from one JVM to the next on a 2-core VM (the
 * JIT's decisions, the host), so one fork is a sample of one.
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'EventBenchmark' -p cell=100000:100
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 40)
@Measurement(iterations = 10)
@Fork(value = 3, jvmArgsAppend = { "-Xms3g", "-Xmx3g", "-XX:+UseSerialGC" })
public class EventBenchmark
{
    /** N:M, tasks and workers. */
    @Param({ "100000:3", "100000:10", "100000:100" })
    public String cell;

    @Param({ "sticky" })
    public String policy;

    int tasks;
    int workers;
    ChurnPlan plan;

    @Setup(Level.Trial)
    public void parse()
    {
        final String[] parts = cell.split(":");
        tasks = Integer.parseInt(parts[0]);
        workers = Integer.parseInt(parts[1]);
        plan = new ChurnPlan(workers);
        warmUp();
    }

    /**
     * Before JMH's warm-up: a scratch engine through {@link ChurnPlan#warmUpRounds} rounds of the churn, restored after
     * each, so that the JIT has compiled the move paths (the peer's trial does the same rounds of its churn calls).
     */
    private void warmUp()
    {
        final EngineDriver scratch = new EngineDriver(Policies.create(policy)).start(workers, tasks);
        for (int round = 0; round < ChurnPlan.warmUpRounds(workers); round++)
        {
            plan.run(scratch);
            scratch.restore(workers, plan.pool);
        }
    }

    static void quiesce()
    {
        System.gc();
        System.gc();
    }

    /** An engine just built from inputs, afresh for every measured call. */
    @State(Scope.Thread)
    public static class First
    {
        EngineDriver driver;

        @Setup(Level.Iteration)
        public void build(final EventBenchmark b)
        {
            driver = null;
            driver = new EngineDriver(Policies.create(b.policy)).start(b.workers, b.tasks);
            quiesce();
        }
    }

    /** One engine through earlier events, restored to workers 0..M-1 before every measured call. */
    @State(Scope.Thread)
    public static class Steady
    {
        EngineDriver driver;
        int workers;
        int pool;

        @Setup(Level.Trial)
        public void build(final EventBenchmark b)
        {
            workers = b.workers;
            pool = b.plan.pool;
            driver = new EngineDriver(Policies.create(b.policy)).start(b.workers, b.tasks);
            b.plan.run(driver);
        }

        @Setup(Level.Iteration)
        public void restore()
        {
            driver.restore(workers, pool);
            quiesce();
        }
    }

    /** M registered workers, no tasks; the task specs the adapter would have decoded. */
    @State(Scope.Thread)
    public static class Empty
    {
        EngineDriver driver;
        TaskSpec[] specs;

        @Setup(Level.Iteration)
        public void build(final EventBenchmark b)
        {
            driver = null;
            if (null == specs)
            {
                specs = EngineDriver.taskSpecs(b.tasks);
            }
            driver = new EngineDriver(Policies.create(b.policy)).start(b.workers, 0).reserve(b.tasks);
            quiesce();
        }
    }

    @Benchmark
    public long initial(final Empty s)
    {
        EventCpu.begin();
        final long result = s.driver.add(s.specs);
        EventCpu.end();
        return result;
    }

    @Benchmark
    public long initialHandoff(final Empty s)
    {
        EventCpu.begin();
        s.driver.add(s.specs);
        final long result = s.driver.settle();
        EventCpu.end();
        return result;
    }

    @Benchmark
    public long leaveFirst(final First s)
    {
        EventCpu.begin();
        s.driver.leave(workers / 2);
        final long result = s.driver.opens;
        EventCpu.end();
        return result;
    }

    @Benchmark
    public long leaveFirstHandoff(final First s)
    {
        EventCpu.begin();
        s.driver.leave(workers / 2);
        final long result = s.driver.settle();
        EventCpu.end();
        return result;
    }

    @Benchmark
    public long leaveSteady(final Steady s)
    {
        EventCpu.begin();
        s.driver.leave(workers / 2);
        final long result = s.driver.opens;
        EventCpu.end();
        return result;
    }

    @Benchmark
    public long leaveSteadyHandoff(final Steady s)
    {
        EventCpu.begin();
        s.driver.leave(workers / 2);
        final long result = s.driver.settle();
        EventCpu.end();
        return result;
    }

    @Benchmark
    public long joinFirst(final First s)
    {
        EventCpu.begin();
        s.driver.join(workers);
        final long result = s.driver.closes;
        EventCpu.end();
        return result;
    }

    @Benchmark
    public long joinFirstHandoff(final First s)
    {
        EventCpu.begin();
        s.driver.join(workers);
        final long result = s.driver.settle();
        EventCpu.end();
        return result;
    }

    @Benchmark
    public long joinSteady(final Steady s)
    {
        EventCpu.begin();
        s.driver.join(workers);
        final long result = s.driver.closes;
        EventCpu.end();
        return result;
    }

    @Benchmark
    public long joinSteadyHandoff(final Steady s)
    {
        EventCpu.begin();
        s.driver.join(workers);
        final long result = s.driver.settle();
        EventCpu.end();
        return result;
    }

    @Benchmark
    public long churnFirst(final First s)
    {
        EventCpu.begin();
        final long result = plan.run(s.driver);
        EventCpu.end();
        return result;
    }

    @Benchmark
    public long churnSteady(final Steady s)
    {
        EventCpu.begin();
        final long result = plan.run(s.driver);
        EventCpu.end();
        return result;
    }
}
