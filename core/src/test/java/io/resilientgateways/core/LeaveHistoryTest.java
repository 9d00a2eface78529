package io.resilientgateways.core;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker that leaves for good records one history entry per task it held; when they are more than the history
 * keeps, the leave skips writing the ones its own later entries overwrite. Nothing of it may show: the kept history
 * and its sequence number are the last entries of an engine that keeps everything, with orphans granted, orphans
 * left pending (the last worker leaves), tasks still opening, tasks closing towards the leaver or away from it.
 */
class LeaveHistoryTest
{
    @Property(tries = 150)
    void aLeaveKeepsTheHistoryAnEngineKeepingEverythingEndsWith(@ForAll final long seed)
    {
        final Random random = new Random(seed);
        final int capacity = new int[]{ 1, 4, 16, 64 }[random.nextInt(4)];
        final Engine small = new Engine(capacity);
        final Engine all = new Engine(1 << 20);
        for (final Engine e : List.of(small, all))
        {
            e.play(new Random(seed));
        }
        assertThat(small.balancer.historySequence()).isEqualTo(all.balancer.historySequence());
        final List<Transition> everything = all.balancer.history();
        final int kept = Math.min(capacity, everything.size());
        assertThat(small.balancer.history()).isEqualTo(everything.subList(everything.size() - kept, everything.size()));
        assertThat(small.sink.directives).isEqualTo(all.sink.directives);
    }

    private static final class Engine
    {
        final RecordingSink sink = new RecordingSink(true);
        final Balancer balancer;
        long now = 1;

        Engine(final int history)
        {
            balancer = new Balancer(new BalancerConfig().historyCapacity(history), new BasicPolicy(), sink, sink);
        }

        void play(final Random random)
        {
            final int workers = 1 + random.nextInt(4);
            for (int w = 0; w < workers; w++)
            {
                balancer.registerWorker(now++, WorkerSpec.of("w" + w));
            }
            final List<TaskSpec> tasks = new ArrayList<>();
            for (int i = random.nextInt(200); i > 0; i--)
            {
                tasks.add(TaskSpec.of("t" + i));
            }
            balancer.addTasks(now++, tasks);
            ack(random, 0.8);
            if (random.nextBoolean())
            {
                balancer.registerWorker(now++, WorkerSpec.of("w" + workers)); // moves start: some tasks closing
                ack(random, 0.5);
            }
            final int leaves = 1 + random.nextInt(workers);
            for (int w = 0; w < leaves; w++)
            {
                balancer.workerLeft(now++, WorkerId.of("w" + w), LeaveReason.DEREGISTERED);
                ack(random, 0.5);
            }
        }

        private void ack(final Random random, final double share)
        {
            final long time = now++;
            for (final Assignment a : balancer.assignments())
            {
                if (random.nextDouble() >= share || null == a.owner())
                {
                    continue;
                }
                if (a.status() == TaskStatus.OPENING)
                {
                    balancer.taskOpened(time, a.owner(), a.task(), a.epoch());
                }
                else if (a.status() == TaskStatus.CLOSING)
                {
                    balancer.taskClosed(time, a.owner(), a.task(), a.epoch());
                }
            }
        }
    }
}
