package io.resilientgateways.benchmarks.strategies;

import java.util.Random;

/**
 * A seeded churn: alternately a random present worker leaves and a random absent one (from a pool of names)
 * joins, each step followed by acknowledging everything. Never leaves fewer than one worker.
 */
final class Churn
{
    private Churn()
    {
    }

    /**
     * @return the directives sent, as a result JMH can consume.
     */
    static long run(final EngineDriver driver, final Random random, final int pool, final int steps)
    {
        for (int step = 0; step < steps; step++)
        {
            final boolean leave = step % 2 == 0;
            final int start = random.nextInt(pool);
            for (int k = 0; k < pool; k++)
            {
                final int w = (start + k) % pool;
                if (leave && driver.present(w) && driver.balancer.view().workers().size() > 1)
                {
                    driver.leave(w);
                    break;
                }
                if (!leave && !driver.present(w))
                {
                    driver.join(w);
                    break;
                }
            }
            driver.settle();
        }
        return driver.opens + driver.closes;
    }
}
