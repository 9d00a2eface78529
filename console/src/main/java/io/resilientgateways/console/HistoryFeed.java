package io.resilientgateways.console;

import io.resilientgateways.aeron.client.AdminClient;
import io.resilientgateways.aeron.client.AdminClient.HistoryEvent;
import io.resilientgateways.aeron.client.AdminClient.Page;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Follows the cluster for the page: the history by sequence number (no gaps; when the cluster's bounded ring dropped
 * entries before they were read, a gap is recorded with how many were lost), the workers and the cluster summary once
 * a second, and a sample of every worker's task count for the balance chart. Readers wait for new entries with
 * {@link #awaitAfter}.
 * <p>
 * Thread-safe: one polling thread writes, any thread reads under the monitor.
 */
final class HistoryFeed implements AutoCloseable
{
    /**
     * A history entry as the page sees it; {@code gap > 0} marks entries the ring dropped before they were read.
     *
     * @param seq   the sequence (for a gap: the first one lost).
     * @param event the entry, or null for a gap.
     * @param gap   how many were lost, 0 for an entry.
     */
    record Entry(long seq, HistoryEvent event, long gap)
    {
    }

    /**
     * One sample of the balance chart.
     *
     * @param clusterTime the cluster's time.
     * @param taskCounts  task count per worker name.
     */
    record Sample(long clusterTime, Map<String, Integer> taskCounts)
    {
    }

    static final int KEPT_ENTRIES = 2_000;
    static final int KEPT_SAMPLES = 600;

    private final ClusterLink link;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor((r) ->
    {
        final Thread t = new Thread(r, "rg-console-feed");
        t.setDaemon(true);
        return t;
    });
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private long nextSeq = -1;
    private long lastStateMs;
    private List<AdminClient.WorkerRecord> workers = List.of();
    private AdminClient.ClusterInfo summary;
    private String error = "";

    HistoryFeed(final ClusterLink link, final long periodMs)
    {
        this.link = link;
        thread.scheduleWithFixedDelay(this::poll, 0, periodMs, TimeUnit.MILLISECONDS);
    }

    private void poll()
    {
        try
        {
            followHistory();
            final long now = System.currentTimeMillis();
            if (now - lastStateMs >= 1_000)
            {
                lastStateMs = now;
                final List<AdminClient.WorkerRecord> all = Queries.allWorkers(link);
                final AdminClient.ClusterInfo info = link.call(AdminClient::describe);
                final Map<String, Integer> counts = new LinkedHashMap<>();
                for (final AdminClient.WorkerRecord w : all)
                {
                    counts.put(w.name(), w.taskCount());
                }
                synchronized (this)
                {
                    workers = all;
                    summary = info;
                    error = "";
                    samples.addLast(new Sample(info.clusterTime(), counts));
                    while (samples.size() > KEPT_SAMPLES)
                    {
                        samples.removeFirst();
                    }
                    notifyAll();
                }
            }
        }
        catch (final RuntimeException ex)
        {
            synchronized (this)
            {
                error = String.valueOf(ex.getMessage());
                notifyAll();
            }
        }
    }

    private void followHistory()
    {
        while (true)
        {
            final long from = nextSeq;
            final Page<HistoryEvent> page;
            if (from < 0)
            {
                // first contact: start near the end (the page shows recent entries, not the whole ring)
                final AdminClient.ClusterInfo info = link.call(AdminClient::describe);
                final long start = Math.max(info.oldestHistorySeq(), info.nextHistorySeq() - 200);
                page = link.call((c) -> c.historySince(start, "", "", 500));
            }
            else
            {
                try
                {
                    page = link.call((c) -> c.historySince(from, "", "", 500));
                }
                catch (final AdminClient.QueryRefusedException ex)
                {
                    // beyond the newest: the cluster was started afresh under us; start again from its oldest
                    synchronized (this)
                    {
                        nextSeq = -1;
                    }
                    return;
                }
            }
            synchronized (this)
            {
                final long expected = from < 0 ? (page.rows().isEmpty() ? page.nextSeq() : page.rows().get(0).seq())
                    : from;
                if (!page.rows().isEmpty() && page.rows().get(0).seq() > expected)
                {
                    add(new Entry(expected, null, page.rows().get(0).seq() - expected));
                }
                for (final HistoryEvent e : page.rows())
                {
                    add(new Entry(e.seq(), e, 0));
                }
                nextSeq = page.nextSeq();
                if (!page.rows().isEmpty())
                {
                    notifyAll();
                }
            }
            if (!page.more())
            {
                return;
            }
        }
    }

    private void add(final Entry entry)
    {
        entries.addLast(entry);
        while (entries.size() > KEPT_ENTRIES)
        {
            entries.removeFirst();
        }
    }

    /**
     * @param afterSeq  the last sequence the reader has (-1: none).
     * @param timeoutMs how long to wait for one.
     * @return entries after it, oldest first (possibly empty on timeout); if the reader is older than what this feed
     * keeps, the first entry is a gap.
     * @throws InterruptedException if interrupted.
     */
    synchronized List<Entry> awaitAfter(final long afterSeq, final long timeoutMs) throws InterruptedException
    {
        if (newest() <= afterSeq)
        {
            wait(timeoutMs);
        }
        final List<Entry> out = new ArrayList<>();
        final long oldest = entries.isEmpty() ? -1 : entries.peekFirst().seq();
        if (afterSeq >= 0 && oldest > afterSeq + 1)
        {
            out.add(new Entry(afterSeq + 1, null, oldest - afterSeq - 1));
        }
        for (final Entry e : entries)
        {
            if (e.seq() > afterSeq)
            {
                out.add(e);
            }
        }
        return out;
    }

    private long newest()
    {
        return entries.isEmpty() ? -1 : entries.peekLast().seq() + Math.max(0, entries.peekLast().gap() - 1);
    }

    /**
     * @param count how many of the newest entries.
     * @return them, oldest first.
     */
    synchronized List<Entry> recent(final int count)
    {
        final List<Entry> all = new ArrayList<>(entries);
        return all.subList(Math.max(0, all.size() - count), all.size());
    }

    synchronized List<AdminClient.WorkerRecord> workers()
    {
        return workers;
    }

    synchronized AdminClient.ClusterInfo summary()
    {
        return summary;
    }

    synchronized String error()
    {
        return error;
    }

    /**
     * @return the balance chart's data, uPlot's aligned layout: {@code times} (cluster seconds), and per worker (every
     * worker seen in the samples, sorted) its task count at each time, null where it was not known.
     */
    synchronized Map<String, Object> balance()
    {
        final TreeSet<String> names = new TreeSet<>();
        for (final Sample s : samples)
        {
            names.addAll(s.taskCounts().keySet());
        }
        final List<Double> times = new ArrayList<>();
        final Map<String, List<Integer>> series = new LinkedHashMap<>();
        for (final String name : names)
        {
            series.put(name, new ArrayList<>());
        }
        for (final Sample s : samples)
        {
            times.add(s.clusterTime() / 1000.0);
            for (final String name : names)
            {
                series.get(name).add(s.taskCounts().get(name));
            }
        }
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("times", times);
        out.put("workers", series);
        return out;
    }

    public void close()
    {
        thread.shutdownNow();
        try
        {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
