package io.resilientgateways.lab.trace;

import io.resilientgateways.core.CapabilitySet;
import io.resilientgateways.core.LeaveReason;
import io.resilientgateways.core.TaskId;
import io.resilientgateways.core.TaskSpec;
import io.resilientgateways.core.WorkerId;
import io.resilientgateways.core.WorkerSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Seeded generators of the histories that matter. The same shape, sizes and seed give the same trace, byte for byte
 * (a {@link SplittableRandom} from the seed, events sorted by time then generation order). Workers are named
 * {@code gw-01}..., tasks {@code PARTY-0001}...; times are milliseconds. Except for the cold start, a trace begins with
 * every worker joining and every task added at time 0, and the shape's events start at 10 s.
 */
public final class Generators
{
    /** Where a shape's own events start, after the initial placement at time 0. */
    public static final long SCENARIO_START_MS = 10_000;

    /** The shapes. */
    public enum Shape
    {
        /** Tasks exist first; gateways start one by one, about 3 s apart. */
        COLD_START,
        /** Each worker in turn restarts (session closed, back 1.5 to 3 s later); no grace period. */
        ROLLING_RESTART,
        /** The same restarts with a 5 s grace period, longer than any restart. */
        ROLLING_RESTART_GRACE,
        /** Half the workers time out within 3 s; each comes back 20 to 40 s later. */
        CRASH_STORM,
        /** One worker times out and comes back ten times, a few seconds each way. */
        FLAPPING_WORKER,
        /** Start with half the workers, add the rest one by one, then drain and remove them one by one. */
        SCALE_OUT_IN,
        /** Workers spread over three zones; the whole of zone c times out, comes back 30 s later. */
        ZONE_LOSS,
        /** Steady workers; tasks removed and new ones added, one of each every 0.5 to 1.5 s (a fifth of them). */
        PARTY_CHURN,
        /** Zipf-skewed task weights (the heaviest 100, most 1); a worker crashes and returns, one more joins. */
        HOT_PARTIES,
        /** Workers offer FIX, REST or both; tasks need FIX, REST or both; joins, a leave and a crash. */
        MIXED_CAPABILITIES;

        /**
         * @return the name used on the command line, e.g. {@code rolling-restart-grace}.
         */
        public String label()
        {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /**
         * @param label a name as {@link #label()} gives it.
         * @return the shape.
         * @throws IllegalArgumentException if none has that name.
         */
        public static Shape of(final String label)
        {
            for (final Shape s : values())
            {
                if (s.label().equals(label))
                {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown shape " + label + "; expected one of " +
                Arrays.stream(values()).map(Shape::label).toList());
        }
    }

    private static final String GATEWAY = "API_GATEWAY";

    private final Shape shape;
    private final int workers;
    private final int tasks;
    private final long seed;
    private final SplittableRandom random;
    private final List<TraceEvent> events = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private Generators(final Shape shape, final int workers, final int tasks, final long seed)
    {
        if (workers < 3 || workers > 999 || tasks < 1 || tasks > 99_999)
        {
            throw new IllegalArgumentException("workers 3..999 and tasks 1..99999 expected: " + workers + ", " + tasks);
        }
        this.shape = shape;
        this.workers = workers;
        this.tasks = tasks;
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    /**
     * @param shape   the history's shape.
     * @param workers how many workers (3 to 999).
     * @param tasks   how many tasks (1 to 99,999).
     * @param seed    the seed.
     * @return the trace.
     */
    public static Trace generate(final Shape shape, final int workers, final int tasks, final long seed)
    {
        return new Generators(shape, workers, tasks, seed).build();
    }

    private Trace build()
    {
        long grace = 0;
        switch (shape)
        {
            case COLD_START -> coldStart();
            case ROLLING_RESTART -> rollingRestart();
            case ROLLING_RESTART_GRACE ->
            {
                grace = 5_000;
                rollingRestart();
            }
            case CRASH_STORM -> crashStorm();
            case FLAPPING_WORKER -> flapping();
            case SCALE_OUT_IN -> scaleOutIn();
            case ZONE_LOSS -> zoneLoss();
            case PARTY_CHURN -> partyChurn();
            case HOT_PARTIES -> hotParties();
            case MIXED_CAPABILITIES -> mixedCapabilities();
        }
        final List<TraceEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingLong(TraceEvent::time)); // stable: generation order breaks ties
        final String source = "generator " + shape.label() + " seed=" + seed + " workers=" + workers +
            " tasks=" + tasks;
        return new Trace(TraceHeader.of(source).withGracePeriodMs(grace).withNotes(notes), sorted);
    }

    private void coldStart()
    {
        addTasks(0, 1, tasks, (i) -> task(i));
        long t = 0;
        for (int w = 1; w <= workers; w++)
        {
            t += 2_000 + random.nextLong(2_001);
            join(t, w, GATEWAY);
        }
    }

    private void rollingRestart()
    {
        warmUp();
        long t = SCENARIO_START_MS;
        for (int w = 1; w <= workers; w++)
        {
            leave(t, w, LeaveReason.SESSION_CLOSED);
            t += 1_500 + random.nextLong(1_501);
            join(t, w, GATEWAY);
            t += 5_000 + random.nextLong(3_001);
        }
    }

    private void crashStorm()
    {
        warmUp();
        final int[] order = shuffled(workers);
        for (int k = 0; k < Math.max(1, workers / 2); k++)
        {
            final long down = SCENARIO_START_MS + random.nextLong(3_001);
            leave(down, order[k], LeaveReason.SESSION_TIMEOUT);
            join(down + 20_000 + random.nextLong(20_001), order[k], GATEWAY);
        }
    }

    private void flapping()
    {
        warmUp();
        final int w = 1 + random.nextInt(workers);
        long t = SCENARIO_START_MS;
        for (int k = 0; k < 10; k++)
        {
            leave(t, w, LeaveReason.SESSION_TIMEOUT);
            t += 1_000 + random.nextLong(2_001);
            join(t, w, GATEWAY);
            t += 2_000 + random.nextLong(2_001);
        }
    }

    private void scaleOutIn()
    {
        final int base = (workers + 1) / 2;
        for (int w = 1; w <= base; w++)
        {
            join(0, w, GATEWAY);
        }
        addTasks(0, 1, tasks, (i) -> task(i));
        long t = SCENARIO_START_MS;
        for (int w = base + 1; w <= workers; w++)
        {
            join(t, w, GATEWAY);
            t += 4_000 + random.nextLong(2_001);
        }
        t += 5_000;
        for (int w = workers; w > base; w--)
        {
            events.add(new TraceEvent.Drain(t, worker(w)));
            leave(t + 3_000, w, LeaveReason.DEREGISTERED);
            t += 6_000 + random.nextLong(2_001);
        }
    }

    private void zoneLoss()
    {
        for (int w = 1; w <= workers; w++)
        {
            join(0, w, GATEWAY, zone(w));
        }
        addTasks(0, 1, tasks, (i) -> task(i));
        for (int w = 1; w <= workers; w++)
        {
            if (zone(w).equals("zone=c"))
            {
                final long down = SCENARIO_START_MS + random.nextLong(501);
                leave(down, w, LeaveReason.SESSION_TIMEOUT);
                join(down + 30_000, w, GATEWAY, zone(w));
            }
        }
    }

    private void partyChurn()
    {
        warmUp();
        final List<Integer> live = new ArrayList<>();
        for (int i = 1; i <= tasks; i++)
        {
            live.add(i);
        }
        int next = tasks + 1;
        long t = SCENARIO_START_MS;
        for (int k = 0; k < Math.max(10, tasks / 5); k++)
        {
            final int gone = live.remove(random.nextInt(live.size()));
            events.add(new TraceEvent.Remove(t, TaskId.of(taskName(gone))));
            live.add(next);
            events.add(new TraceEvent.Add(t, task(next++)));
            t += 500 + random.nextLong(1_001);
        }
    }

    private void hotParties()
    {
        for (int w = 1; w <= workers; w++)
        {
            join(0, w, GATEWAY);
        }
        final int[] rank = shuffled(tasks);
        final int[] weight = new int[tasks + 1];
        for (int r = 0; r < tasks; r++)
        {
            weight[rank[r]] = (int)Math.max(1, Math.round(100.0 / (r + 1)));
        }
        addTasks(0, 1, tasks, (i) -> task(i).withWeight(weight[i]));
        final int victim = 1 + random.nextInt(workers);
        leave(SCENARIO_START_MS, victim, LeaveReason.SESSION_TIMEOUT);
        join(SCENARIO_START_MS + 10_000 + random.nextLong(5_001), victim, GATEWAY);
        events.add(new TraceEvent.Join(SCENARIO_START_MS + 30_000, spec(workers + 1, GATEWAY)));
        notes.add("task weights: the k-th heaviest weighs round(100 / k), at least 1");
    }

    private void mixedCapabilities()
    {
        for (int w = 1; w <= workers; w++)
        {
            join(0, w, mixed(w));
        }
        addTasks(0, 1, tasks, (i) ->
        {
            final int pick = random.nextInt(10);
            final String[] need = pick < 4 ? new String[]{"FIX"} : pick < 8 ? new String[]{"REST"} :
                new String[]{"FIX", "REST"};
            return new TaskSpec(TaskId.of(taskName(i)), CapabilitySet.of(need), 1);
        });
        final int both = 3; // gw-03 offers FIX and REST
        leave(SCENARIO_START_MS, both, LeaveReason.DEREGISTERED);
        events.add(new TraceEvent.Join(SCENARIO_START_MS + 8_000, spec(workers + 1, "FIX", "REST")));
        final int crash = 1 + random.nextInt(2);
        leave(SCENARIO_START_MS + 16_000, crash, LeaveReason.SESSION_TIMEOUT);
        join(SCENARIO_START_MS + 30_000, crash, mixed(crash));
        join(SCENARIO_START_MS + 40_000, both, mixed(both));
        notes.add("capabilities: gw-k offers FIX (k mod 3 = 1), REST (k mod 3 = 2) or both (k mod 3 = 0); " +
            "tasks need FIX (40%), REST (40%) or both (20%)");
    }

    private void warmUp()
    {
        for (int w = 1; w <= workers; w++)
        {
            join(0, w, GATEWAY);
        }
        addTasks(0, 1, tasks, (i) -> task(i));
    }

    private void addTasks(
        final long t, final int first, final int last, final java.util.function.IntFunction<TaskSpec> f)
    {
        for (int i = first; i <= last; i++)
        {
            events.add(new TraceEvent.Add(t, f.apply(i)));
        }
    }

    private int[] shuffled(final int n)
    {
        final int[] a = new int[n];
        for (int i = 0; i < n; i++)
        {
            a[i] = i + 1;
        }
        for (int i = n - 1; i > 0; i--)
        {
            final int j = random.nextInt(i + 1);
            final int x = a[i];
            a[i] = a[j];
            a[j] = x;
        }
        return a;
    }

    private void join(final long t, final int w, final String... caps)
    {
        events.add(new TraceEvent.Join(t, spec(w, caps)));
    }

    private void leave(final long t, final int w, final LeaveReason reason)
    {
        events.add(new TraceEvent.Leave(t, worker(w), reason));
    }

    private WorkerSpec spec(final int w, final String... caps)
    {
        return new WorkerSpec(worker(w), CapabilitySet.of(caps), 1);
    }

    private static String[] mixed(final int w)
    {
        return switch (w % 3)
        {
            case 1 -> new String[]{"FIX"};
            case 2 -> new String[]{"REST"};
            default -> new String[]{"FIX", "REST"};
        };
    }

    private static String zone(final int w)
    {
        return "zone=" + (char)('a' + (w - 1) % 3);
    }

    private static WorkerId worker(final int w)
    {
        return WorkerId.of(String.format(Locale.ROOT, "gw-%02d", w));
    }

    private static TaskSpec task(final int i)
    {
        return TaskSpec.of(taskName(i), GATEWAY);
    }

    private static String taskName(final int i)
    {
        return String.format(Locale.ROOT, "PARTY-%04d", i);
    }
}
