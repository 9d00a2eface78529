package io.resilientgateways.console;

import io.resilientgateways.aeron.client.AdminClient;

import java.util.ArrayList;
import java.util.List;

/**
 * Listings that follow every page of a query.
 */
final class Queries
{
    /** A listing stops after this many rows (the page says when it was cut). */
    static final int MAX_ROWS = 100_000;

    private Queries()
    {
    }

    static List<AdminClient.WorkerRecord> allWorkers(final ClusterLink link)
    {
        final List<AdminClient.WorkerRecord> out = new ArrayList<>();
        String after = "";
        while (true)
        {
            final String cursor = after;
            final AdminClient.Page<AdminClient.WorkerRecord> page = link.call((c) -> c.workers(cursor, 500));
            out.addAll(page.rows());
            if (!page.more() || out.size() >= MAX_ROWS)
            {
                return out;
            }
            after = page.next();
        }
    }

    static List<AdminClient.TaskRecord> allTasks(
        final ClusterLink link, final String owner, final String status, final boolean stuck, final boolean pending)
    {
        final List<AdminClient.TaskRecord> out = new ArrayList<>();
        String after = "";
        while (true)
        {
            final String cursor = after;
            final AdminClient.Page<AdminClient.TaskRecord> page =
                link.call((c) -> c.tasks(owner, status, stuck, pending, "", cursor, 500));
            out.addAll(page.rows());
            if (!page.more() || out.size() >= MAX_ROWS)
            {
                return out;
            }
            after = page.next();
        }
    }
}
