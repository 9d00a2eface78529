package io.resilientgateways.lab;

import io.resilientgateways.core.Assignment;
import io.resilientgateways.core.Balancer;
import io.resilientgateways.core.BalancerConfig;
import io.resilientgateways.core.CapabilitySet;
import io.resilientgateways.core.LeaveReason;
import io.resilientgateways.core.Result;
import io.resilientgateways.core.TaskId;
import io.resilientgateways.core.WorkerId;
import io.resilientgateways.core.WorkerInfo;
import io.resilientgateways.core.WorkerSpec;
import io.resilientgateways.core.spi.DirectiveSink;
import io.resilientgateways.core.spi.RebalancePolicy;
import io.resilientgateways.core.spi.Timers;
import io.resilientgateways.lab.trace.Trace;
import io.resilientgateways.lab.trace.TraceEvent;
import io.resilientgateways.lab.trace.TraceHeader;
import io.resilientgateways.lab.trace.TraceWriter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.DoubleConsumer;
import java.util.function.Supplier;

/**
 * One trace through one strategy in a real {@link Balancer}, on a simulated clock: a single queue ordered by time then
 * insertion order holds the trace's events, the workers' acknowledgements (after seeded delays) and the engine's
 * timers. Workers acknowledge every directive they receive while connected; a worker that leaves takes its
 * outstanding acknowledgements with it.
 */
final class Replay implements DirectiveSink, Timers
{
    private static final int TRACE = 0;
    private static final int OPEN_ACK = 1;
    private static final int CLOSE_ACK = 2;
    private static final int TIMER = 3;
    /** How long after the last trace event the engine may go on moving tasks before the replay is cut off. */
    private static final long TAIL_LIMIT_MS = 600_000;

    private record Item(long time, long seq, int kind, int index, WorkerId worker, int incarnation, TaskId task,
        long epoch)
    {
    }

    private static final class Track
    {
        WorkerId owner;
        WorkerId openOn;
        long darkSince = -1;
        boolean removed;
        final Map<WorkerId, Long> leftAt = new HashMap<>();
    }

    private final Trace trace;
    private final Contender contender;
    private final LabSettings settings;
    private final Balancer balancer;
    private final RebalancePolicy policy;
    private final SplittableRandom random;
    private final PriorityQueue<Item> queue = new PriorityQueue<>(
        (a, b) -> a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
    private final Set<Long> cancelled = new HashSet<>();
    private final boolean uniform;
    private final boolean[] covered;

    private final Map<WorkerId, Integer> incarnation = new HashMap<>();
    private final Map<WorkerId, WorkerSpec> live = new TreeMap<>();
    private final Map<WorkerId, WorkerSpec> known = new HashMap<>();
    private final Set<WorkerId> draining = new HashSet<>();
    private final Map<WorkerId, Long> coveredUntil = new HashMap<>();
    private final Map<WorkerId, Integer> outstanding = new HashMap<>();
    private final Map<WorkerId, TreeSet<TaskId>> openBy = new HashMap<>();
    private final Map<WorkerId, Integer> ownedBy = new TreeMap<>();
    private final Map<TaskId, Track> tracks = new HashMap<>();
    private final List<TaskId> closesThisStep = new ArrayList<>();

    private long seq;
    private long now;
    private int inFlight;
    private int darkNow;
    private int removing;
    private boolean movedThisStep;

    private long moves;
    private long minimumMoves;
    private long forcedMoves;
    private long flaps;
    private long rejectedInputs;
    private long staleAcks;
    private int peakDark;
    private int peakPending;
    private double worstSpread;
    private double worstMaxOverMean;
    private final List<Long> darkSpells = new ArrayList<>();
    private long[] inputNanos = new long[1024];
    private int inputs;

    private int changeIndex = -1;
    private long changeTime;
    private String changeWhat;
    private long changeMoves;
    private long changeMinimum;
    private int changeRounds;
    private boolean changeOpen;
    private final List<StrategyResult.EventPoint> points = new ArrayList<>();
    private final List<Long> settleTimes = new ArrayList<>();
    private int unsettled;
    private int maxRounds;
    private long rounds;

    private final List<String> workerNames;
    private final Map<WorkerId, Integer> workerColumn = new HashMap<>();
    private final long[] sampleTime;
    private final int[][] sampleOpen;
    private final long[] sampleMoves;
    private final int[] samplePending;
    private final int[] sampleDark;
    private final double[] sampleSpread;
    private int samplesTaken;

    Replay(final Trace trace, final Contender contender, final LabSettings settings)
    {
        this.trace = trace;
        this.contender = contender;
        this.settings = settings;
        this.policy = contender.factory().get();
        final TraceHeader h = trace.header();
        this.balancer = new Balancer(new BalancerConfig()
            .gracePeriod(h.gracePeriodMs())
            .rebalanceDelay(h.rebalanceDelayMs())
            .maxMovesPerRound(h.maxMovesPerRound())
            .historyCapacity(64), policy, this, this);
        this.random = new SplittableRandom(settings.seed());
        this.uniform = uniform(trace);
        this.covered = covered(trace);

        final TreeSet<String> names = new TreeSet<>();
        for (final TraceEvent e : trace.events())
        {
            if (e instanceof TraceEvent.Join j)
            {
                names.add(j.spec().id().name());
            }
        }
        workerNames = List.copyOf(names);
        for (int i = 0; i < workerNames.size(); i++)
        {
            workerColumn.put(WorkerId.of(workerNames.get(i)), i);
        }
        final int n = settings.samples();
        sampleTime = new long[n];
        final long end = sampleEnd(trace);
        for (int i = 0; i < n; i++)
        {
            sampleTime[i] = end * i / (n - 1);
        }
        sampleOpen = new int[workerNames.size()][n];
        sampleMoves = new long[n];
        samplePending = new int[n];
        sampleDark = new int[n];
        sampleSpread = new double[n];
    }

    /**
     * @param trace a trace.
     * @return the end of the plotted time axis: the last event plus room for the engine to settle.
     */
    static long sampleEnd(final Trace trace)
    {
        final long d = trace.duration();
        return d + Math.max(5_000, Math.max(trace.header().gracePeriodMs() * 2, d / 10));
    }

    StrategyResult run(final DoubleConsumer progress)
    {
        final List<TraceEvent> events = trace.events();
        for (int i = 0; i < events.size(); i++)
        {
            push(events.get(i).time(), TRACE, i, null, 0, null, 0);
        }
        final long cutOff = trace.duration() + TAIL_LIMIT_MS;
        int done = 0;
        int reported = 0;
        boolean finished = true;
        while (!queue.isEmpty())
        {
            final Item item = queue.poll();
            if (item.time > cutOff)
            {
                finished = false;
                break;
            }
            sampleUpTo(item.time);
            now = Math.max(now, item.time);
            movedThisStep = false;
            switch (item.kind)
            {
                case TRACE ->
                {
                    apply(item.index, events.get(item.index));
                    done++;
                    if (done * 10 / events.size() > reported)
                    {
                        reported = done * 10 / events.size();
                        progress.accept(done / (double)events.size());
                    }
                }
                case OPEN_ACK -> openAck(item);
                case CLOSE_ACK -> closeAck(item);
                case TIMER ->
                {
                    if (!cancelled.remove(item.epoch))
                    {
                        input(() -> balancer.onTimer(now, item.epoch), false);
                    }
                }
                default -> throw new IllegalStateException("item kind " + item.kind);
            }
            afterStep();
        }
        sampleUpTo(Long.MAX_VALUE);
        if (changeOpen)
        {
            closeChange(false);
        }
        final double[] last = imbalance();
        return new StrategyResult(
            contender.label(), policy.name() + "/v" + policy.version(), changeCount(events), moves,
            uniform ? minimumMoves : -1, forcedMoves, flaps, round(worstSpread), round(worstMaxOverMean),
            round(last[0]), round(last[1]), peakPending, pending(), dark(), balancer.lastEpoch(), settle(),
            rejectedInputs, staleAcks, finished,
            new StrategyResult.Series(sampleTime, workerNames, sampleOpen, sampleMoves, samplePending, sampleDark,
                sampleSpread),
            List.copyOf(points), timing());
    }

    private void apply(final int index, final TraceEvent event)
    {
        final boolean change = !(event instanceof TraceEvent.Add);
        if (change)
        {
            if (changeOpen)
            {
                closeChange(false);
            }
            changeIndex = index;
            changeTime = now;
            changeWhat = describe(event);
            changeMoves = 0;
            changeRounds = 0;
            changeOpen = true;
            changeMinimum = uniform ? minimum(index, event) : -1;
            minimumMoves += Math.max(0, changeMinimum);
        }
        if (event instanceof TraceEvent.Join j)
        {
            live.put(j.spec().id(), j.spec());
            known.put(j.spec().id(), j.spec());
            coveredUntil.remove(j.spec().id());
            draining.remove(j.spec().id());
            input(() -> balancer.registerWorker(now, j.spec()), true);
        }
        else if (event instanceof TraceEvent.Leave l)
        {
            gone(l.worker());
            if (covered[index])
            {
                coveredUntil.put(l.worker(), now + trace.header().gracePeriodMs());
            }
            input(() -> balancer.workerLeft(now, l.worker(), l.reason()), true);
        }
        else if (event instanceof TraceEvent.Drain d)
        {
            draining.add(d.worker());
            input(() -> balancer.drainWorker(now, d.worker()), true);
        }
        else if (event instanceof TraceEvent.Capacity c)
        {
            final WorkerSpec spec = live.get(c.worker()).withCapacity(c.capacity());
            gone(c.worker());
            input(() -> balancer.workerLeft(now, c.worker(), LeaveReason.SESSION_CLOSED), true);
            live.put(c.worker(), spec);
            known.put(c.worker(), spec);
            draining.remove(c.worker());
            input(() -> balancer.registerWorker(now, spec), true);
        }
        else if (event instanceof TraceEvent.Add a)
        {
            tracks.put(a.spec().id(), new Track());
            input(() -> balancer.addTask(now, a.spec()), true);
        }
        else if (event instanceof TraceEvent.Remove r)
        {
            final Track t = tracks.get(r.task());
            if (null != t)
            {
                t.removed = true;
                removing++;
                if (t.darkSince >= 0)
                {
                    t.darkSince = -1;
                    darkNow--;
                }
            }
            input(() -> balancer.removeTask(now, r.task()), true);
            if (null != t && null == balancer.task(r.task()))
            {
                forget(r.task(), t);
            }
        }
    }

    private void gone(final WorkerId w)
    {
        live.remove(w);
        draining.remove(w);
        incarnation.merge(w, 1, Integer::sum);
        inFlight -= outstanding.getOrDefault(w, 0);
        outstanding.remove(w);
        final TreeSet<TaskId> open = openBy.remove(w);
        if (null != open)
        {
            for (final TaskId id : open)
            {
                final Track t = tracks.get(id);
                t.openOn = null;
                startDark(t);
            }
        }
    }

    private void openAck(final Item item)
    {
        if (!delivered(item))
        {
            return;
        }
        final Result r = timed(() -> balancer.taskOpened(now, item.worker, item.task, item.epoch));
        if (!r.accepted())
        {
            staleAcks++;
            return;
        }
        final Track t = tracks.get(item.task);
        if (null == t)
        {
            return;
        }
        if (t.darkSince >= 0)
        {
            darkSpells.add(now - t.darkSince);
            t.darkSince = -1;
            darkNow--;
        }
        t.openOn = item.worker;
        openBy.computeIfAbsent(item.worker, (k) -> new TreeSet<>()).add(item.task);
    }

    private void closeAck(final Item item)
    {
        if (!delivered(item))
        {
            return;
        }
        final Result r = timed(() -> balancer.taskClosed(now, item.worker, item.task, item.epoch));
        if (!r.accepted())
        {
            staleAcks++;
            return;
        }
        final Track t = tracks.get(item.task);
        if (null == t)
        {
            return;
        }
        if (item.worker.equals(t.openOn))
        {
            t.openOn = null;
            openBy.get(item.worker).remove(item.task);
        }
        if (t.removed && null == balancer.task(item.task))
        {
            forget(item.task, t);
        }
    }

    private boolean delivered(final Item item)
    {
        if (!live.containsKey(item.worker) || incarnation.getOrDefault(item.worker, 0) != item.incarnation)
        {
            return false; // the worker left since: its acknowledgement never comes
        }
        outstanding.merge(item.worker, -1, Integer::sum);
        inFlight--;
        return true;
    }

    private void forget(final TaskId id, final Track t)
    {
        if (t.removed)
        {
            removing--;
        }
        if (null != t.owner)
        {
            ownedBy.merge(t.owner, -1, Integer::sum);
        }
        if (null != t.openOn)
        {
            openBy.get(t.openOn).remove(id);
        }
        tracks.remove(id);
    }

    @Override
    public void open(final WorkerId worker, final TaskId task, final long epoch)
    {
        final Track t = tracks.get(task);
        if (null != t)
        {
            if (null == t.owner)
            {
                t.owner = worker;
                ownedBy.merge(worker, 1, Integer::sum);
            }
            else if (!t.owner.equals(worker))
            {
                move(t, worker);
            }
        }
        ack(OPEN_ACK, worker, task, epoch, settings.openAckMinMs(), settings.openAckMaxMs());
    }

    @Override
    public void close(final WorkerId worker, final TaskId task, final long epoch)
    {
        closesThisStep.add(task);
        ack(CLOSE_ACK, worker, task, epoch, settings.closeAckMinMs(), settings.closeAckMaxMs());
    }

    @Override
    public void schedule(final long correlationId, final long deadline)
    {
        push(Math.max(deadline, now), TIMER, 0, null, 0, null, correlationId);
    }

    @Override
    public void cancel(final long correlationId)
    {
        cancelled.add(correlationId);
    }

    private void ack(final int kind, final WorkerId w, final TaskId task, final long epoch, final long min,
        final long max)
    {
        final long delay = min + random.nextLong(max - min + 1);
        push(now + delay, kind, 0, w, incarnation.getOrDefault(w, 0), task, epoch);
        outstanding.merge(w, 1, Integer::sum);
        inFlight++;
    }

    private void push(final long time, final int kind, final int index, final WorkerId w, final int inc,
        final TaskId task, final long epoch)
    {
        queue.add(new Item(time, seq++, kind, index, w, inc, task, epoch));
    }

    private void move(final Track t, final WorkerId to)
    {
        final WorkerId from = t.owner;
        moves++;
        changeMoves++;
        movedThisStep = true;
        if (!live.containsKey(from))
        {
            forcedMoves++;
        }
        final Long left = t.leftAt.get(to);
        if (null != left && now - left <= settings.flapWindowMs())
        {
            flaps++;
        }
        t.leftAt.put(from, now);
        ownedBy.merge(from, -1, Integer::sum);
        ownedBy.merge(to, 1, Integer::sum);
        t.owner = to;
    }

    private void startDark(final Track t)
    {
        if (t.darkSince < 0 && !t.removed)
        {
            t.darkSince = now;
            darkNow++;
            peakDark = Math.max(peakDark, darkNow);
        }
    }

    private Result timed(final Supplier<Result> call)
    {
        final long start = System.nanoTime();
        final Result r = call.get();
        final long took = System.nanoTime() - start;
        if (inputs == inputNanos.length)
        {
            inputNanos = Arrays.copyOf(inputNanos, inputNanos.length * 2);
        }
        inputNanos[inputs++] = took;
        return r;
    }

    private void input(final Supplier<Result> call, final boolean fromTrace)
    {
        final Result r = timed(call);
        if (!r.accepted() && fromTrace)
        {
            rejectedInputs++;
        }
    }

    private void afterStep()
    {
        for (final TaskId id : closesThisStep)
        {
            final Track t = tracks.get(id);
            final Assignment a = balancer.assignment(id);
            if (null == t || t.removed || null == a)
            {
                continue;
            }
            startDark(t);
            if (null != a.target() && null != t.owner && !a.target().equals(t.owner))
            {
                move(t, a.target());
            }
        }
        closesThisStep.clear();
        if (movedThisStep)
        {
            changeRounds++;
            rounds++;
        }
        if (changeOpen && 0 == inFlight && 0 == darkNow)
        {
            closeChange(true);
        }
    }

    private void closeChange(final boolean settled)
    {
        final double[] imb = imbalance();
        peakPending = Math.max(peakPending, pending());
        if (settled)
        {
            worstSpread = Math.max(worstSpread, imb[0]);
            worstMaxOverMean = Math.max(worstMaxOverMean, imb[1]);
            settleTimes.add(now - changeTime);
        }
        else
        {
            unsettled++;
        }
        maxRounds = Math.max(maxRounds, changeRounds);
        points.add(new StrategyResult.EventPoint(changeTime, changeWhat, changeMoves, changeMinimum,
            settled ? now - changeTime : -1, changeRounds, round(imb[0])));
        changeOpen = false;
    }

    /**
     * @return {spread, max/mean} of load per capacity over the eligible workers.
     */
    private double[] imbalance()
    {
        double max = 0;
        double min = Double.MAX_VALUE;
        long load = 0;
        long capacity = 0;
        int eligible = 0;
        for (final WorkerInfo w : balancer.workers())
        {
            if (w.eligible())
            {
                final double per = (double)w.load() / w.capacity();
                max = Math.max(max, per);
                min = Math.min(min, per);
                load += w.load();
                capacity += w.capacity();
                eligible++;
            }
        }
        if (0 == eligible || 0 == load)
        {
            return new double[]{0, 0 == eligible ? 0 : 1};
        }
        return new double[]{max - min, max / ((double)load / capacity)};
    }

    private int pending()
    {
        int held = 0;
        for (final WorkerInfo w : balancer.workers())
        {
            held += w.taskCount();
        }
        return balancer.taskCount() - held - removing; // a task being removed has no target, but is not pending
    }

    private void sampleUpTo(final long time)
    {
        while (samplesTaken < sampleTime.length && sampleTime[samplesTaken] < time)
        {
            final int k = samplesTaken++;
            for (int c = 0; c < workerNames.size(); c++)
            {
                sampleOpen[c][k] = -1;
            }
            for (final WorkerId w : live.keySet())
            {
                final TreeSet<TaskId> open = openBy.get(w);
                sampleOpen[workerColumn.get(w)][k] = null == open ? 0 : open.size();
            }
            sampleMoves[k] = moves;
            samplePending[k] = pending();
            peakPending = Math.max(peakPending, samplePending[k]);
            sampleDark[k] = darkNow;
            sampleSpread[k] = round(imbalance()[0]);
        }
    }

    /**
     * The fewest moves that take the committed assignment before this change to a balanced one after it: tasks
     * whose owner is no longer eligible, plus each eligible worker's surplus over its target (floor or ceil of its
     * capacity share, the ceilings given where they save a move). A leave that the same worker undoes within the
     * grace period needs no move.
     */
    private long minimum(final int index, final TraceEvent event)
    {
        final Map<WorkerId, Integer> capacity = new TreeMap<>();
        for (final Map.Entry<WorkerId, WorkerSpec> e : live.entrySet())
        {
            if (!draining.contains(e.getKey()))
            {
                capacity.put(e.getKey(), e.getValue().capacity());
            }
        }
        for (final Map.Entry<WorkerId, Long> e : coveredUntil.entrySet())
        {
            if (e.getValue() >= now)
            {
                capacity.put(e.getKey(), known.get(e.getKey()).capacity());
            }
        }
        final Map<WorkerId, Integer> owned = new TreeMap<>(ownedBy);
        int tasks = tracks.size() - removing;
        if (event instanceof TraceEvent.Join j)
        {
            capacity.put(j.spec().id(), j.spec().capacity());
        }
        else if (event instanceof TraceEvent.Leave l)
        {
            if (!covered[index])
            {
                capacity.remove(l.worker());
            }
        }
        else if (event instanceof TraceEvent.Drain d)
        {
            capacity.remove(d.worker());
        }
        else if (event instanceof TraceEvent.Capacity c)
        {
            capacity.put(c.worker(), c.capacity());
        }
        else if (event instanceof TraceEvent.Remove r)
        {
            final Track t = tracks.get(r.task());
            if (null != t && !t.removed)
            {
                tasks--;
                if (null != t.owner)
                {
                    owned.merge(t.owner, -1, Integer::sum);
                }
            }
        }
        return MinimumMoves.of(capacity, owned, tasks);
    }

    private StrategyResult.Dark dark()
    {
        final long[] spells = darkSpells.stream().mapToLong(Long::longValue).sorted().toArray();
        final int points = Math.min(200, spells.length);
        final long[] cdfMs = new long[points];
        final double[] cdfShare = new double[points];
        for (int k = 0; k < points; k++)
        {
            final int i = points == 1 ? spells.length - 1 : (int)((long)k * (spells.length - 1) / (points - 1));
            cdfMs[k] = spells[i];
            cdfShare[k] = round((i + 1) / (double)spells.length);
        }
        return new StrategyResult.Dark(spells.length, percentile(spells, 0.50), percentile(spells, 0.99),
            0 == spells.length ? 0 : spells[spells.length - 1], peakDark, darkNow, cdfMs, cdfShare);
    }

    private StrategyResult.Settle settle()
    {
        final long[] times = settleTimes.stream().mapToLong(Long::longValue).sorted().toArray();
        return new StrategyResult.Settle(times.length, unsettled, percentile(times, 0.50),
            0 == times.length ? 0 : times[times.length - 1], maxRounds, rounds);
    }

    private StrategyResult.Timing timing()
    {
        final long[] sorted = Arrays.copyOf(inputNanos, inputs);
        Arrays.sort(sorted);
        long total = 0;
        for (final long n : sorted)
        {
            total += n;
        }
        return new StrategyResult.Timing(inputs, total, percentile(sorted, 0.5), percentile(sorted, 0.99),
            0 == inputs ? 0 : sorted[inputs - 1]);
    }

    private static long percentile(final long[] sorted, final double p)
    {
        if (0 == sorted.length)
        {
            return 0;
        }
        final int i = (int)Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    static double round(final double v)
    {
        return Math.round(v * 10_000) / 10_000.0;
    }

    private static int changeCount(final List<TraceEvent> events)
    {
        int n = 0;
        for (final TraceEvent e : events)
        {
            if (!(e instanceof TraceEvent.Add))
            {
                n++;
            }
        }
        return n;
    }

    static String describe(final TraceEvent e)
    {
        if (e instanceof TraceEvent.Join j)
        {
            return "join " + j.spec().id().name();
        }
        if (e instanceof TraceEvent.Leave l)
        {
            return "leave " + l.worker().name() + " (" + TraceWriter.reasonName(l.reason()) + ")";
        }
        if (e instanceof TraceEvent.Drain d)
        {
            return "drain " + d.worker().name();
        }
        if (e instanceof TraceEvent.Capacity c)
        {
            return "capacity " + c.worker().name() + " " + c.capacity();
        }
        if (e instanceof TraceEvent.Add a)
        {
            return "add " + a.spec().id().name();
        }
        return "remove " + ((TraceEvent.Remove)e).task().name();
    }

    /**
     * @return true if every task can run on every worker and weighs 1: then the minimum moves are defined.
     */
    private static boolean uniform(final Trace trace)
    {
        final List<CapabilitySet> offered = new ArrayList<>();
        for (final TraceEvent e : trace.events())
        {
            if (e instanceof TraceEvent.Join j)
            {
                offered.add(j.spec().capabilities());
            }
        }
        for (final TraceEvent e : trace.events())
        {
            if (e instanceof TraceEvent.Add a)
            {
                if (a.spec().weight() != 1)
                {
                    return false;
                }
                for (final CapabilitySet caps : offered)
                {
                    if (!caps.containsAll(a.spec().requires()))
                    {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /**
     * @return for each leave, whether the same worker joins again within the grace period (then its tasks wait for
     * it and need not move).
     */
    private static boolean[] covered(final Trace trace)
    {
        final List<TraceEvent> events = trace.events();
        final boolean[] out = new boolean[events.size()];
        final long grace = trace.header().gracePeriodMs();
        if (0 == grace)
        {
            return out;
        }
        for (int i = 0; i < events.size(); i++)
        {
            if (events.get(i) instanceof TraceEvent.Leave l && l.reason() != LeaveReason.DEREGISTERED)
            {
                for (int k = i + 1; k < events.size() && events.get(k).time() <= l.time() + grace; k++)
                {
                    if (events.get(k) instanceof TraceEvent.Join j && j.spec().id().equals(l.worker()))
                    {
                        out[i] = true;
                        break;
                    }
                }
            }
        }
        return out;
    }
}
