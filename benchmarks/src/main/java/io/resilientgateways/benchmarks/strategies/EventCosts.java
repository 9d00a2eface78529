package io.resilientgateways.benchmarks.strategies;

import io.resilientgateways.core.TaskSpec;
import io.resilientgateways.strategies.Strategies;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * The events of {@link EventBenchmark} and {@link PeerEventBenchmark} again, each measured by the thread's own CPU
 * time and allocation counters around exactly the timed code: a companion to the JMH run, not a replacement.
 * <ul>
 *   <li>Thread CPU time leaves out the time the thread waited for a core, so on a shared machine it is a steadier
 *   measure of the work than JMH's wall-clock time (cache interference from other processes remains).</li>
 *   <li>Bytes allocated per moved task: JMH's {@code -prof gc} divides by operations whose allocation, for
 *   single-shot benchmarks, includes the untimed setup (which builds a 100,000-task engine), so it cannot say
 *   what the event allocates; this counter can.</li>
 * </ul>
 * Every figure is the median of {@value #REPEATS} measured repetitions after {@value #WARMUPS} warm-up ones, each on
 * the state the JMH benchmark uses (a freshly built engine, or the steady engine restored).
 * <pre>
 * java -XX:+UseSerialGC -Xms3g -Xmx3g -cp benchmarks/target/benchmarks.jar \
 *     io.resilientgateways.benchmarks.strategies.EventCosts 100000:3,100000:10,100000:100 [leave,join,churn,initial]
 * </pre>
 */
public final class EventCosts
{
    private static final int WARMUPS = 3;
    private static final int REPEATS = 7;
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private EventCosts()
    {
    }

    public static void main(final String[] args)
    {
        final String cells = args.length > 0 ? args[0] : "100000:3,100000:10,100000:100";
        final List<String> events = List.of((args.length > 1 ? args[1] : "leave,join,churn,initial").split(","));
        System.out.println("| N:M | event | moved (ours / uniform) | ours: input CPU ms | ours: with handoff CPU ms |" +
            " uniform CPU ms | ratio input | ratio handoff | ours: input B/moved | ours: handoff B/moved |" +
            " uniform B/moved |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (final String cell : cells.split(","))
        {
            final String[] parts = cell.split(":");
            report(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), events);
        }
    }

    /** One measured run: CPU nanoseconds and bytes of the input, and of the input plus its handoff. */
    private static final class Sample
    {
        final long[] inputCpu = new long[REPEATS];
        final long[] handoffCpu = new long[REPEATS];
        final long[] inputBytes = new long[REPEATS];
        final long[] handoffBytes = new long[REPEATS];
        long moved;
    }

    private interface Event
    {
        /** Prepare untimed; return the engine to time on. */
        EngineDriver prepare();

        /** The input(s); returns moved tasks. */
        void input(EngineDriver driver);
    }

    private static void report(final int n, final int m, final List<String> events)
    {
        final ChurnPlan plan = new ChurnPlan(m);
        final String[] start = new EngineDriver(Strategies.sticky()).start(m, n).owners();
        final EngineDriver[] steady = new EngineDriver[1];
        final TaskSpec[] specs = EngineDriver.taskSpecs(n);
        final List<String> all = KafkaPeers.members(m);
        final List<String> without = KafkaPeers.members(m);
        without.remove(m / 2);
        final List<String> with = KafkaPeers.members(m + 1);

        for (final String event : events)
        {
            for (final boolean isSteady : new boolean[]{ false, true })
            {
                if (event.equals("initial") && isSteady)
                {
                    continue;
                }
                final Event ours = new Event()
                {
                    @Override
                    public EngineDriver prepare()
                    {
                        if (event.equals("initial"))
                        {
                            return new EngineDriver(Strategies.sticky()).start(m, 0).reserve(n);
                        }
                        if (!isSteady)
                        {
                            return new EngineDriver(Strategies.sticky()).start(m, n);
                        }
                        if (null == steady[0])
                        {
                            steady[0] = new EngineDriver(Strategies.sticky()).start(m, n);
                            plan.run(steady[0]);
                        }
                        steady[0].restore(m, plan.pool);
                        return steady[0];
                    }

                    @Override
                    public void input(final EngineDriver driver)
                    {
                        switch (event)
                        {
                            case "leave" -> driver.leave(m / 2);
                            case "join" -> driver.join(m);
                            case "churn" -> plan.run(driver);
                            default -> driver.add(specs);
                        }
                    }
                };
                final Sample s = measure(ours, event.equals("churn"));
                final List<Supplier<Object>> calls;
                final String[] before;
                final List<String> members;
                switch (event)
                {
                    case "leave" -> { members = without; before = start; }
                    case "join" -> { members = with; before = start; }
                    case "initial" -> { members = all; before = new String[n]; }
                    default -> { members = null; before = start; }
                }
                final long[] peerCpu = new long[REPEATS];
                final long[] peerBytes = new long[REPEATS];
                for (int r = -WARMUPS; r < REPEATS; r++)
                {
                    final List<Supplier<Object>> prepared = null == members ? churnCalls(plan, start) :
                        List.of(KafkaPeers.create("uniform").prepare(members, before));
                    quiesce();
                    final long c0 = THREADS.getCurrentThreadCpuTime();
                    final long a0 = THREADS.getCurrentThreadAllocatedBytes();
                    Object last = null;
                    for (final Supplier<Object> call : prepared)
                    {
                        last = call.get();
                    }
                    final long a1 = THREADS.getCurrentThreadAllocatedBytes();
                    final long c1 = THREADS.getCurrentThreadCpuTime();
                    if (r >= 0)
                    {
                        peerCpu[r] = c1 - c0 + (null == last ? 1 : 0);
                        peerBytes[r] = a1 - a0;
                    }
                }
                final long peerMoved = null == members ? s.moved : moved(start, event.equals("initial") ? null :
                    KafkaPeers.create("uniform").assign(members, before));
                final double oursIn = median(s.inputCpu) / 1e6;
                final double oursAll = median(s.handoffCpu) / 1e6;
                final double peer = median(peerCpu) / 1e6;
                final boolean churn = event.equals("churn");
                System.out.printf("| %d:%d | %s%s | %d / %s | %.3f | %s | %.3f | %.2fx | %s | %.0f | %s | %.0f |%n",
                    n, m, event, event.equals("initial") ? "" : isSteady ? ", steady" : ", first",
                    s.moved, churn ? "-" : String.valueOf(event.equals("initial") ? n : peerMoved),
                    oursIn, churn ? "(= input)" : String.format("%.3f", oursAll), peer, peer / oursIn,
                    churn ? "-" : String.format("%.2fx", peer / oursAll),
                    median(s.inputBytes) / (double)Math.max(1, s.moved),
                    churn ? "(= input)" : String.format("%.0f", median(s.handoffBytes) / (double)Math.max(1, s.moved)),
                    median(peerBytes) / (double)Math.max(1, event.equals("initial") ? n : peerMoved));
            }
        }
    }

    private static Sample measure(final Event event, final boolean settledByInput)
    {
        final Sample s = new Sample();
        for (int r = -WARMUPS; r < REPEATS; r++)
        {
            EngineDriver driver = event.prepare();
            quiesce();
            final long opens = driver.opens;
            final long c0 = THREADS.getCurrentThreadCpuTime();
            final long a0 = THREADS.getCurrentThreadAllocatedBytes();
            event.input(driver);
            final long c1 = THREADS.getCurrentThreadCpuTime();
            final long a1 = THREADS.getCurrentThreadAllocatedBytes();
            if (!settledByInput)
            {
                driver.settle();
            }
            final long c2 = THREADS.getCurrentThreadCpuTime();
            final long a2 = THREADS.getCurrentThreadAllocatedBytes();
            // every moved (or placed) task gets exactly one new open directive, after a close if it had an owner
            s.moved = driver.opens - opens;
            if (r >= 0)
            {
                s.inputCpu[r] = c1 - c0;
                s.handoffCpu[r] = c2 - c0;
                s.inputBytes[r] = a1 - a0;
                s.handoffBytes[r] = a2 - a0;
            }
            driver = null;
        }
        return s;
    }

    private static List<Supplier<Object>> churnCalls(final ChurnPlan plan, final String[] start)
    {
        final KafkaPeers assignor = KafkaPeers.create("uniform");
        final List<Supplier<Object>> calls = new java.util.ArrayList<>();
        String[] owners = start;
        for (int step = 0; step < ChurnPlan.STEPS; step++)
        {
            calls.addAll(assignor.prepareProtocol(plan.members.get(step), owners));
            owners = assignor.assign(plan.members.get(step), owners);
        }
        return calls;
    }

    private static long moved(final String[] before, final String[] after)
    {
        long moved = 0;
        for (int p = 0; p < before.length; p++)
        {
            moved += null == after || !before[p].equals(after[p]) ? 1 : 0;
        }
        return moved;
    }

    private static void quiesce()
    {
        System.gc();
        System.gc();
    }

    private static long median(final long[] values)
    {
        final long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
