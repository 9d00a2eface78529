package io.resilientgateways.benchmarks.strategies;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * A seeded churn worked out in advance, so that ours and the peers go through the same membership changes and no
 * random number is drawn in a timed section: from workers 0..M-1, alternately a random present worker leaves and a
 * random absent one (from a pool of M + 5 names) joins. Never leaves fewer than one worker.
 */
final class ChurnPlan
{
    static final int STEPS = 20;
    static final long SEED = 42;

    /** The worker of each step; joins at odd steps, leaves at even ones. */
    final int[] worker;
    /** The membership after each step, sorted by name. */
    final List<List<String>> members;
    final int pool;

    ChurnPlan(final int workers)
    {
        pool = workers + 5;
        worker = new int[STEPS];
        members = new ArrayList<>(STEPS);
        final TreeSet<Integer> present = new TreeSet<>();
        for (int i = 0; i < workers; i++)
        {
            present.add(i);
        }
        final Random random = new Random(SEED);
        for (int step = 0; step < STEPS; step++)
        {
            final boolean leave = isLeave(step);
            final int start = random.nextInt(pool);
            worker[step] = -1;
            for (int k = 0; k < pool; k++)
            {
                final int w = (start + k) % pool;
                if (leave && present.contains(w) && present.size() > 1)
                {
                    present.remove(w);
                    worker[step] = w;
                    break;
                }
                if (!leave && !present.contains(w))
                {
                    present.add(w);
                    worker[step] = w;
                    break;
                }
            }
            final List<String> names = new ArrayList<>(present.size());
            for (final int w : present)
            {
                names.add(EngineDriver.worker(w).name());
            }
            members.add(names);
        }
    }

    /**
     * The rounds of this churn each fork runs before JMH's own warm-up, on ours and on the peer alike: enough for C2 to
     * compile the paths that only membership events take. At M = 100 an event moves about N/M tasks, so 40 warm-up
     * shots ran those paths too few times: {@code -XX:+PrintCompilation} still showed C2 replacing C1 code of the move
     * and acknowledgement paths after 60 to 100 single-shot joins.
     *
     * @return max(5, M / 2).
     */
    static int warmUpRounds(final int workers)
    {
        return Math.max(5, workers / 2);
    }

    static boolean isLeave(final int step)
    {
        return step % 2 == 0;
    }

    /**
     * Run every step on the engine, each an input followed by acknowledging every directive it causes.
     *
     * @return the acknowledgements sent.
     */
    long run(final EngineDriver driver)
    {
        long acks = 0;
        for (int step = 0; step < STEPS; step++)
        {
            if (isLeave(step))
            {
                driver.leave(worker[step]);
            }
            else
            {
                driver.join(worker[step]);
            }
            acks += driver.settle();
        }
        return acks;
    }
}
