package io.resilientgateways.lab.trace;

import io.resilientgateways.aeron.client.AdminClient.AssignmentRecord;
import io.resilientgateways.aeron.client.AdminClient.HistoryRecord;
import io.resilientgateways.aeron.client.AdminClient.TaskRecord;
import io.resilientgateways.aeron.client.AdminClient.WorkerRecord;
import io.resilientgateways.core.Assignment;
import io.resilientgateways.core.Balancer;
import io.resilientgateways.core.BalancerConfig;
import io.resilientgateways.core.LeaveReason;
import io.resilientgateways.core.TaskId;
import io.resilientgateways.core.TaskSpec;
import io.resilientgateways.core.Transition;
import io.resilientgateways.core.WorkerId;
import io.resilientgateways.core.WorkerSpec;
import io.resilientgateways.core.spi.DirectiveSink;
import io.resilientgateways.core.spi.Timers;
import io.resilientgateways.lab.Contender;
import io.resilientgateways.lab.Lab;
import io.resilientgateways.lab.LabSettings;
import io.resilientgateways.lab.StrategyResult;
import io.resilientgateways.strategies.Strategies;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The export's reconstruction, fed with the history a real engine records (mapped to the admin query's records the
 * way the adapter's egress encodes them).
 */
class HistoryExportTest
{
    private final List<Runnable> acks = new ArrayList<>();
    private long now = 1_000_000;
    private Balancer balancer;

    @Test
    void recoversJoinsLeavesDrainsAddsAndRemovesFromARealEnginesHistory() throws TraceFormatException
    {
        balancer = new Balancer(new BalancerConfig(), Strategies.sticky(), new AckingSink(), new NoTimers());
        balancer.registerWorker(now, WorkerSpec.of("gw-1", "API_GATEWAY"));
        balancer.registerWorker(now, WorkerSpec.of("gw-2", "API_GATEWAY"));
        for (int i = 1; i <= 12; i++)
        {
            balancer.addTask(now, TaskSpec.of("PARTY-" + (10 + i), "API_GATEWAY"));
        }
        settle();
        final long origin = 1_000_000;
        now += 1_000;
        final long joined = now - origin;
        balancer.registerWorker(now, WorkerSpec.of("gw-3", "API_GATEWAY")); // rebalance after gw-3 joined
        settle();
        now += 1_000;
        balancer.registerWorker(now, WorkerSpec.of("gw-idle", "FIX")); // can run nothing: no transition, invisible
        now += 1_000;
        final long left = now - origin;
        balancer.workerLeft(now, WorkerId.of("gw-1"), LeaveReason.SESSION_TIMEOUT);
        settle();
        now += 1_000;
        final long drained = now - origin;
        balancer.drainWorker(now, WorkerId.of("gw-2"));
        settle();
        now += 1_000;
        final long removed = now - origin;
        balancer.removeTask(now, TaskId.of("PARTY-11"));
        settle();

        final Trace trace = HistoryExport.toTrace(history(), assignments(), List.of("API_GATEWAY"), "export");
        final Trace back = TraceReader.parse(TraceWriter.toText(trace)); // consistent, readable

        assertThat(back.events()).filteredOn(TraceEvent.Add.class::isInstance).hasSize(12);
        assertThat(back.events()).contains(
            new TraceEvent.Join(0, WorkerSpec.of("gw-1", "API_GATEWAY")),
            new TraceEvent.Join(0, WorkerSpec.of("gw-2", "API_GATEWAY")),
            new TraceEvent.Join(joined, WorkerSpec.of("gw-3", "API_GATEWAY")),
            new TraceEvent.Leave(left, WorkerId.of("gw-1"), LeaveReason.SESSION_TIMEOUT),
            new TraceEvent.Drain(drained, WorkerId.of("gw-2")),
            new TraceEvent.Remove(removed, TaskId.of("PARTY-11")));
        assertThat(back.events()).noneMatch((e) -> e instanceof TraceEvent.Join j && j.spec().id().name().equals(
            "gw-idle"));
        assertThat(back.header().notes()).anySatisfy((n) -> assertThat(n).contains("0 = cluster time 1000000"));
        assertThat(back.header().notes()).anySatisfy((n) -> assertThat(n).startsWith("missing: joins and leaves"));

        // and the lab replays it: sticky moves what it must
        final StrategyResult sticky = Lab.run(back, Contender.shipped(List.of("sticky")), LabSettings.defaults(),
            Lab.Progress.NONE).results().get(0);
        assertThat(sticky.rejectedInputs()).isZero();
        assertThat(sticky.moves()).isEqualTo(sticky.minimumMoves()).isPositive();
    }

    @Test
    void takesCapabilitiesCapacitiesWeightsAndIdleWorkersFromTheQueries() throws TraceFormatException
    {
        balancer = new Balancer(new BalancerConfig(), Strategies.sticky(), new AckingSink(), new NoTimers());
        balancer.registerWorker(now, WorkerSpec.of("gw-1", "API_GATEWAY", "zone=a").withCapacity(2));
        balancer.addTask(now, TaskSpec.of("PARTY-01", "API_GATEWAY").withWeight(5));
        balancer.addTask(now, TaskSpec.of("PARTY-02", "API_GATEWAY"));
        settle();
        now += 1_000;
        balancer.registerWorker(now, WorkerSpec.of("gw-2", "API_GATEWAY"));
        settle();
        now += 1_000;
        balancer.removeTask(now, TaskId.of("PARTY-02"));
        settle();
        final List<WorkerRecord> workers = List.of(
            new WorkerRecord("gw-1", 1, List.of("API_GATEWAY", "zone=a"), 2, 5, 1, "LIVE", false, 1_000_000, now),
            new WorkerRecord("gw-idle", 2, List.of("FIX"), 3, 0, 0, "LIVE", false, 1_000_500, now),
            new WorkerRecord("gw-gone", 3, List.of("FIX"), 1, 0, 0, "DEPARTED", false, 1_000_200, 1_000_300));
        // (gw-gone departed holding nothing: no trace of it; gw-2 is not listed, as if the cluster had forgotten it)
        final List<TaskRecord> tasks = List.of(new TaskRecord("PARTY-01", "OPEN", "gw-1", "", 1, 5, false, true,
            List.of("API_GATEWAY"), ""));

        final Trace back = TraceReader.parse(TraceWriter.toText(
            HistoryExport.toTrace(history(), assignments(), workers, tasks, List.of("API_GATEWAY"), "export")));

        // gw-1 and the idle gw-3 as the queries say; gw-2, forgotten by the cluster, with the defaults, when it took
        // its first task (1,000 ms after the start, plus the close ack)
        assertThat(back.events()).filteredOn(TraceEvent.Join.class::isInstance).containsExactly(
            new TraceEvent.Join(0, WorkerSpec.of("gw-1", "API_GATEWAY", "zone=a").withCapacity(2)),
            new TraceEvent.Join(500, WorkerSpec.of("gw-idle", "FIX").withCapacity(3)),
            new TraceEvent.Join(1_010, WorkerSpec.of("gw-2", "API_GATEWAY")));
        assertThat(back.events()).filteredOn(TraceEvent.Add.class::isInstance).containsExactly(
            new TraceEvent.Add(0, TaskSpec.of("PARTY-01", "API_GATEWAY").withWeight(5)),
            new TraceEvent.Add(0, TaskSpec.of("PARTY-02")));
        assertThat(back.header().notes()).anySatisfy((n) -> assertThat(n).startsWith("exact: capabilities"))
            .anySatisfy((n) -> assertThat(n).contains("1 worker(s) the cluster no longer knows", "gw-2",
                "1 removed task(s)", "PARTY-02"))
            .anySatisfy((n) -> assertThat(n).contains("1 connected worker(s) that held nothing"));
    }

    private void settle()
    {
        while (!acks.isEmpty())
        {
            final List<Runnable> batch = new ArrayList<>(acks);
            acks.clear();
            now += 10;
            batch.forEach(Runnable::run);
        }
    }

    private List<HistoryRecord> history()
    {
        final List<HistoryRecord> out = new ArrayList<>();
        for (final Transition t : balancer.history())
        {
            out.add(new HistoryRecord(t.time(), t.task().name(), t.from().name(),
                null == t.to() ? "NONE" : t.to().name(), null == t.worker() ? "" : t.worker().name(), t.epoch(),
                t.describe()));
        }
        return out;
    }

    private List<AssignmentRecord> assignments()
    {
        final List<AssignmentRecord> out = new ArrayList<>();
        for (final Assignment a : balancer.assignments())
        {
            out.add(new AssignmentRecord(a.task().name(), a.status().name(), null == a.owner() ? "" : a.owner().name(),
                null == a.target() ? "" : a.target().name(), a.epoch(), a.stuck()));
        }
        return out;
    }

    private final class AckingSink implements DirectiveSink
    {
        @Override
        public void open(final WorkerId worker, final TaskId task, final long epoch)
        {
            acks.add(() -> balancer.taskOpened(now, worker, task, epoch));
        }

        @Override
        public void close(final WorkerId worker, final TaskId task, final long epoch)
        {
            acks.add(() -> balancer.taskClosed(now, worker, task, epoch));
        }
    }

    private static final class NoTimers implements Timers
    {
        @Override
        public void schedule(final long correlationId, final long deadline)
        {
        }

        @Override
        public void cancel(final long correlationId)
        {
        }
    }
}
