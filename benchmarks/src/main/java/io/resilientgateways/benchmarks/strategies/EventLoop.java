package io.resilientgateways.benchmarks.strategies;

import io.resilientgateways.core.TaskSpec;
import io.resilientgateways.strategies.Strategies;

/**
 * One event of {@link EventBenchmark}, with every acknowledgement, over and over on one engine in one JVM: the mean
 * wall time per event over a number of seconds, after {@link ChurnPlan#warmUpRounds} rounds of the churn. The engine
 * is restored to workers 0..M-1 after each event, untimed; no {@code System.gc()} in between, so caches stay warm.
 * <p>
 * Not a figure for the docs' tables (JMH is): it is for comparing two builds. The same jar's JVMs differ by up to 2x on
 * a 2-core VM (which code the JIT compiles how), so one JVM per build says little; {@code scripts/alternate-jars.sh}
 * runs this in fresh JVMs for each jar in turn and prints every run and the medians.
 * <pre>
 * java -XX:+UseSerialGC -Xms3g -Xmx3g -XX:+AlwaysPreTouch -cp benchmarks/target/benchmarks.jar \
 *     io.resilientgateways.benchmarks.strategies.EventLoop 10 churn 10 [100000]
 * </pre>
 * Arguments: M, the event ({@code churn}, {@code join}, {@code leave}, {@code initial}), seconds, and N (default
 * 100,000). {@code initial} times one {@code addTasks} input of N tasks and its acknowledgements on a driver with M
 * registered workers and no task, built (untimed) before each event, as {@code EventBenchmark.initialHandoff}.
 */
public final class EventLoop
{
    private EventLoop()
    {
    }

    public static void main(final String[] args)
    {
        final int workers = Integer.parseInt(args[0]);
        final String event = args[1];
        final long seconds = Long.parseLong(args[2]);
        final int tasks = args.length > 3 ? Integer.parseInt(args[3]) : 100_000;
        final ChurnPlan plan = new ChurnPlan(workers);
        final boolean initial = "initial".equals(event);
        final TaskSpec[] specs = initial ? EngineDriver.taskSpecs(tasks) : null;
        EngineDriver driver = new EngineDriver(Strategies.sticky()).start(workers, tasks);
        for (int round = 0; round < ChurnPlan.warmUpRounds(workers); round++)
        {
            plan.run(driver);
            driver.restore(workers, plan.pool);
        }
        final long end = System.nanoTime() + seconds * 1_000_000_000L;
        long total = 0;
        int events = 0;
        while (System.nanoTime() < end)
        {
            if (initial)
            {
                driver = new EngineDriver(Strategies.sticky()).start(workers, 0).reserve(tasks);
            }
            final long start = System.nanoTime();
            switch (event)
            {
                case "churn" -> plan.run(driver);
                case "join" -> driver.join(workers);
                case "leave" -> driver.leave(workers / 2);
                case "initial" -> driver.add(specs);
                default -> throw new IllegalArgumentException("event must be churn, join, leave or initial: " + event);
            }
            driver.settle();
            total += System.nanoTime() - start;
            events++;
            if (!initial)
            {
                driver.restore(workers, plan.pool);
            }
        }
        System.out.printf("%s N=%d M=%d: %d events, mean %.3f ms%n", event, tasks, workers, events,
            total / 1e6 / Math.max(1, events));
    }
}
