package io.resilientgateways.benchmarks.strategies;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Prints, as a Markdown table, what each policy and peer does to the assignment (not how fast): tasks moved on one
 * leave, on one join and over the 20-step seeded churn, next to the minimum possible, and the max - min tasks per
 * worker afterwards. The minimum of a step is the tasks the leaver held plus the fewest further moves that bring
 * every worker to floor or ceil of N/M.
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.resilientgateways.benchmarks.strategies.MovesReport \
 *     [--tasks 1000,10000,100000] [--workers 3,10,100,1000] [--impl sticky,uniform,...]
 * </pre>
 */
public final class MovesReport
{
    private MovesReport()
    {
    }

    public static void main(final String[] args)
    {
        int[] taskCounts = { 1_000, 10_000, 100_000 };
        int[] workerCounts = { 3, 10, 100, 1_000 };
        List<String> impls = new ArrayList<>(Arrays.asList(Policies.NAMES));
        impls.add("cooperative-sticky");
        impls.add("uniform");
        for (int i = 0; i + 1 < args.length; i += 2)
        {
            switch (args[i])
            {
                case "--tasks" -> taskCounts = ints(args[i + 1]);
                case "--workers" -> workerCounts = ints(args[i + 1]);
                case "--impl" -> impls = Arrays.asList(args[i + 1].split(","));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.println("| impl | N | M | leave moves (min) | leave max-min | join moves (min) | join max-min |" +
            " churn moves (min) | churn max-min, worst step |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (final String impl : impls)
        {
            for (final int n : taskCounts)
            {
                for (final int m : workerCounts)
                {
                    final Group leave = Group.create(impl, m, n);
                    final long[] l = leave.step(false, m / 2);
                    final Group join = Group.create(impl, m, n);
                    final long[] j = join.step(true, m);
                    final Group churn = Group.create(impl, m, n);
                    final Random random = new Random(42);
                    final int pool = m + 5;
                    long moves = 0;
                    long minimum = 0;
                    long worst = 0;
                    long last = 0;
                    for (int step = 0; step < 20; step++)
                    {
                        final boolean joining = step % 2 == 1;
                        final int start = random.nextInt(pool);
                        for (int k = 0; k < pool; k++)
                        {
                            final int w = (start + k) % pool;
                            final boolean present = churn.present(w);
                            if ((!joining && present && churn.size() > 1) || (joining && !present))
                            {
                                final long[] s = churn.step(joining, w);
                                moves += s[0];
                                minimum += s[1];
                                worst = Math.max(worst, s[2]);
                                last = s[2];
                                break;
                            }
                        }
                    }
                    System.out.printf("| %s | %d | %d | %d (%d) | %d | %d (%d) | %d | %d (%d) | %d, %d |%n",
                        impl, n, m, l[0], l[1], l[2], j[0], j[1], j[2], moves, minimum, last, worst);
                }
            }
        }
    }

    private static int[] ints(final String csv)
    {
        return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    /**
     * Fewest moves to bring {@code loads} (the workers after the change, a joiner at 0) to floor/ceil of their
     * mean, when the round-ups go to the most loaded.
     */
    static long minimumVoluntary(final long[] loads, final long total)
    {
        final long[] sorted = loads.clone();
        Arrays.sort(sorted);
        final int m = sorted.length;
        final long floor = total / m;
        final long roundUps = total % m;
        long moves = 0;
        for (int i = 0; i < m; i++)
        {
            final long target = floor + (m - 1 - i < roundUps ? 1 : 0);
            moves += Math.max(0, sorted[i] - target);
        }
        return moves;
    }

    /**
     * One policy or peer, with its membership and assignment.
     */
    abstract static class Group
    {
        final List<String> members = new ArrayList<>();
        final int tasks;

        Group(final int tasks)
        {
            this.tasks = tasks;
        }

        static Group create(final String impl, final int workers, final int tasks)
        {
            final Group group = impl.equals("cooperative-sticky") || impl.equals("uniform") ?
                new Peer(KafkaPeers.create(impl), tasks) : new Ours(impl, tasks);
            for (int i = 0; i < workers; i++)
            {
                group.members.add(EngineDriver.worker(i).name());
            }
            group.init();
            return group;
        }

        abstract void init();

        abstract String[] owners();

        abstract void apply(boolean joining, int worker);

        boolean present(final int worker)
        {
            return members.contains(EngineDriver.worker(worker).name());
        }

        int size()
        {
            return members.size();
        }

        /**
         * @return moves, minimum moves, max - min afterwards.
         */
        long[] step(final boolean joining, final int worker)
        {
            final String name = EngineDriver.worker(worker).name();
            final String[] before = owners();
            if (joining)
            {
                members.add(name);
                members.sort(null);
            }
            else
            {
                members.remove(name);
            }
            final Map<String, Long> loads = new TreeMap<>();
            for (final String member : members)
            {
                loads.put(member, 0L);
            }
            long forced = 0;
            for (final String owner : before)
            {
                if (null != owner && loads.containsKey(owner))
                {
                    loads.merge(owner, 1L, Long::sum);
                }
                else
                {
                    forced++;
                }
            }
            final long minimum = forced + minimumVoluntary(
                loads.values().stream().mapToLong(Long::longValue).toArray(), tasks);
            apply(joining, worker);
            final String[] after = owners();
            long moves = 0;
            final Map<String, Long> counts = new TreeMap<>();
            for (final String member : members)
            {
                counts.put(member, 0L);
            }
            for (int p = 0; p < tasks; p++)
            {
                if (null == before[p] || !before[p].equals(after[p]))
                {
                    moves++;
                }
                if (null != after[p])
                {
                    counts.merge(after[p], 1L, Long::sum);
                }
            }
            final long max = counts.values().stream().mapToLong(Long::longValue).max().orElse(0);
            final long min = counts.values().stream().mapToLong(Long::longValue).min().orElse(0);
            return new long[]{ moves, minimum, max - min };
        }
    }

    static final class Ours extends Group
    {
        private final EngineDriver driver;

        Ours(final String policy, final int tasks)
        {
            super(tasks);
            driver = new EngineDriver(Policies.create(policy));
        }

        @Override
        void init()
        {
            driver.start(members.size(), tasks);
        }

        @Override
        String[] owners()
        {
            return driver.owners();
        }

        @Override
        void apply(final boolean joining, final int worker)
        {
            if (joining)
            {
                driver.join(worker);
            }
            else
            {
                driver.leave(worker);
            }
            driver.settle();
        }
    }

    static final class Peer extends Group
    {
        private final KafkaPeers assignor;
        private String[] owners;

        Peer(final KafkaPeers assignor, final int tasks)
        {
            super(tasks);
            this.assignor = assignor;
        }

        @Override
        void init()
        {
            owners = assignor.assign(members, new String[tasks]);
        }

        @Override
        String[] owners()
        {
            return owners.clone();
        }

        @Override
        void apply(final boolean joining, final int worker)
        {
            owners = assignor.assign(members, owners);
        }
    }
}
