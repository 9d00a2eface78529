package io.resilientgateways.core;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's clock: {@code now = max(previous now, input time)}, taken once per accepted input.
 */
class ClockTest
{
    private final RecordingSink sink = new RecordingSink();

    private static long timerAt(final RecordingSink sink, final long deadline)
    {
        return sink.timers.entrySet().stream().filter(e -> e.getValue() == deadline).map(Map.Entry::getKey)
            .findFirst().orElseThrow();
    }

    /**
     * Issue 9's reproduction: cluster time steps backwards between inputs. A replica restored from a snapshot must
     * mark the same tasks stuck as the original, so both snapshots stay equal.
     */
    @Test
    void handoffExpiryIsTheSameOnARestoredReplicaWhenTimeStepsBackwards()
    {
        final BalancerConfig config = new BalancerConfig().handoffTimeout(10);
        final Balancer original = new Balancer(config, new BasicPolicy(), sink, sink);
        original.registerWorker(90, WorkerSpec.of("gw-1"));
        original.addTask(100, TaskSpec.of("P1"));
        original.addTask(95, TaskSpec.of("P2"));
        original.addTask(105, TaskSpec.of("P3"));
        original.addTask(98, TaskSpec.of("P4"));
        final RecordingSink copySink = new RecordingSink();
        final Balancer copy = Balancer.restore(config, new BasicPolicy(), copySink, copySink, original.snapshot());

        final long timer = sink.timers.firstKey();
        original.onTimer(110, timer);
        copy.onTimer(110, timer);
        assertThat(copy.stuck()).isEqualTo(original.stuck());
        assertThat(copy.snapshot()).isEqualTo(original.snapshot());
    }

    @Test
    void timeNeverGoesBackwards()
    {
        final Balancer b = new Balancer(new BalancerConfig().handoffTimeout(10), new BasicPolicy(), sink, sink);
        b.registerWorker(100, WorkerSpec.of("gw-1"));
        b.addTask(90, TaskSpec.of("P1"));
        assertThat(b.history(TaskId.of("P1")).get(0).time()).isEqualTo(100);
        assertThat(sink.timers.values()).containsExactly(110L);
        assertThat(b.now()).isEqualTo(100);
    }

    /**
     * A delayed rebalance round runs at the timer's time: its moves, their history entries and their handoff
     * deadlines carry the time the timer fired, not the previous input's.
     */
    @Test
    void delayedRebalanceRoundRunsAtTheTimersTime()
    {
        final Balancer b = new Balancer(new BalancerConfig().rebalanceDelay(100).handoffTimeout(50),
            new BasicPolicy(), sink, sink);
        b.registerWorker(0, WorkerSpec.of("gw-1"));
        b.onTimer(100, timerAt(sink, 100));
        for (int i = 1; i <= 4; i++)
        {
            b.addTask(101, TaskSpec.of("P" + i));
            b.taskOpened(102, WorkerId.of("gw-1"), TaskId.of("P" + i), i);
        }
        b.onTimer(151, timerAt(sink, 151)); // the opens were acked: nothing is stuck, no handoff timer left
        b.registerWorker(200, WorkerSpec.of("gw-2"));
        final long round = timerAt(sink, 300);
        sink.drain();
        b.onTimer(300, round);
        assertThat(sink.drain()).contains("close gw-1 P1 1", "close gw-1 P2 2", "schedule " + (round + 1) + " 350");
        assertThat(b.history()).filteredOn(t -> t.cause() == Cause.REBALANCE).extracting(Transition::time)
            .containsOnly(300L);
    }
}
