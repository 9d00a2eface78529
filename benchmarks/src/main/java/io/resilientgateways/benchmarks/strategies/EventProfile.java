package io.resilientgateways.benchmarks.strategies;

import io.resilientgateways.core.TaskSpec;
import io.resilientgateways.strategies.Strategies;
import jdk.jfr.Event;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where one of {@link EventBenchmark}'s events spends its time: JFR execution samples (every 1 ms) of the main
 * thread, counted only inside the timed event (each wrapped in a JFR event, so the engine builds between them are
 * left out), aggregated by top frame ("self"), by any frame on the stack ("inclusive"), and by the top frames with
 * line numbers ("paths", {@code -Ddepth=N} frames). The first half of the repetitions warm up.
 * <pre>
 * java -XX:+UseSerialGC -Xms3g -Xmx3g -cp benchmarks/target/benchmarks.jar \
 *     io.resilientgateways.benchmarks.strategies.EventProfile 100000 3 churnFirst 6
 * </pre>
 * Events: leaveFirst, leaveSteady, joinFirst, joinSteady, churnFirst, churnSteady, initial, each optionally with
 * the suffix Handoff (then the acknowledgements are timed too).
 */
public final class EventProfile
{
    @Name("rg.EventWindow")
    static final class Window extends Event
    {
    }

    private EventProfile()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final int n = Integer.parseInt(args[0]);
        final int m = Integer.parseInt(args[1]);
        final String event = args[2];
        final int reps = Integer.parseInt(args[3]);
        final int depth = Integer.getInteger("depth", 5);
        final ChurnPlan plan = new ChurnPlan(m);
        final TaskSpec[] specs = EngineDriver.taskSpecs(n);
        final Path file = Files.createTempFile("event-profile", ".jfr");
        long total = 0;
        try (Recording recording = new Recording())
        {
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
            recording.enable(Window.class);
            recording.start();
            EngineDriver steady = null;
            for (int i = 0; i < reps; i++)
            {
                final EngineDriver driver;
                if (event.contains("Steady"))
                {
                    if (null == steady)
                    {
                        steady = new EngineDriver(Strategies.sticky()).start(m, n);
                        plan.run(steady);
                    }
                    steady.restore(m, plan.pool);
                    driver = steady;
                }
                else
                {
                    driver = event.startsWith("initial")
                        ? new EngineDriver(Strategies.sticky()).start(m, 0).reserve(n)
                        : new EngineDriver(Strategies.sticky()).start(m, n);
                }
                System.gc();
                final Window window = new Window();
                window.begin();
                final long t0 = System.nanoTime();
                if (event.startsWith("leave"))
                {
                    driver.leave(m / 2);
                }
                else if (event.startsWith("join"))
                {
                    driver.join(m);
                }
                else if (event.startsWith("churn"))
                {
                    plan.run(driver);
                }
                else
                {
                    driver.add(specs);
                }
                if (event.endsWith("Handoff"))
                {
                    driver.settle();
                }
                final long t1 = System.nanoTime();
                window.end();
                window.commit();
                if (i >= reps / 2)
                {
                    total += t1 - t0;
                }
            }
            recording.stop();
            recording.dump(file);
        }
        System.out.printf("%s N=%d M=%d: mean wall time of the last %d = %.3f ms%n",
            event, n, m, reps - reps / 2, total / 1e6 / (reps - reps / 2));
        aggregate(file, depth);
        Files.delete(file);
    }

    private static void aggregate(final Path file, final int depth) throws IOException
    {
        final List<Instant[]> windows = new ArrayList<>();
        final List<RecordedEvent> samples = new ArrayList<>();
        for (final RecordedEvent e : RecordingFile.readAllEvents(file))
        {
            if (e.getEventType().getName().equals("rg.EventWindow"))
            {
                windows.add(new Instant[]{ e.getStartTime(), e.getEndTime() });
            }
            else if (e.getEventType().getName().equals("jdk.ExecutionSample"))
            {
                samples.add(e);
            }
        }
        final Map<String, Integer> self = new HashMap<>();
        final Map<String, Integer> inclusive = new HashMap<>();
        final Map<String, Integer> paths = new HashMap<>();
        int count = 0;
        for (final RecordedEvent sample : samples)
        {
            if (null == sample.getStackTrace() || !"main".equals(sample.getThread("sampledThread").getJavaName()) ||
                !inside(sample.getStartTime(), windows))
            {
                continue;
            }
            count++;
            final List<RecordedFrame> frames = sample.getStackTrace().getFrames();
            self.merge(name(frames.get(0)), 1, Integer::sum);
            final Set<String> seen = new HashSet<>();
            final StringBuilder path = new StringBuilder();
            for (int k = 0; k < frames.size(); k++)
            {
                final String name = name(frames.get(k));
                if (seen.add(name))
                {
                    inclusive.merge(name, 1, Integer::sum);
                }
                if (k < depth)
                {
                    path.append(k == 0 ? "" : " < ").append(name).append(':').append(frames.get(k).getLineNumber());
                }
            }
            paths.merge(path.toString(), 1, Integer::sum);
        }
        System.out.println("samples inside the events: " + count);
        print("self", self, count, 25);
        print("inclusive", inclusive, count, 40);
        print("paths", paths, count, 30);
    }

    private static boolean inside(final Instant t, final List<Instant[]> windows)
    {
        for (final Instant[] w : windows)
        {
            if (!t.isBefore(w[0]) && !t.isAfter(w[1]))
            {
                return true;
            }
        }
        return false;
    }

    private static String name(final RecordedFrame frame)
    {
        final String type = frame.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
    }

    private static void print(final String title, final Map<String, Integer> counts, final int total, final int top)
    {
        System.out.println("--- " + title);
        counts.entrySet().stream()
            .sorted((a, b) -> b.getValue() != a.getValue().intValue() ? b.getValue() - a.getValue() :
                a.getKey().compareTo(b.getKey()))
            .limit(top)
            .forEach(e -> System.out.printf("%5.1f%% %s%n", 100.0 * e.getValue() / Math.max(1, total), e.getKey()));
    }
}
