package io.resilientgateways.aeron.service;

import io.aeron.cluster.service.ClientSession;
import io.resilientgateways.aeron.codecs.TaskStatusCode;
import io.resilientgateways.aeron.protocol.AdapterRejection;
import io.resilientgateways.core.Assignment;
import io.resilientgateways.core.Balancer;
import io.resilientgateways.core.RejectionCode;
import io.resilientgateways.core.TaskId;
import io.resilientgateways.core.TaskStatus;
import io.resilientgateways.core.Transition;
import io.resilientgateways.core.WorkerId;
import io.resilientgateways.core.WorkerInfo;
import io.resilientgateways.core.WorkerStatus;

import java.util.List;
import java.util.NavigableMap;

/**
 * Answers the read-only admin queries of schema version 4 (workers, tasks, explain, history since a sequence, cluster
 * summary) from the engine's copies, in pages: rows in name (or sequence) order after a cursor, at most
 * {@link #MAX_PAGE} per request, ended by {@code QueryPage} with the cursor for the next page. Like every input, a
 * query arrives through the log, so it is answered at the same log position on every replica (only the leader's
 * egress leaves the node). A bad filter gets a typed {@code Rejected} and nothing else.
 * <p>
 * Not thread-safe: the service thread only.
 */
final class AdminQueries
{
    static final int DEFAULT_PAGE = 100;
    static final int MAX_PAGE = 500;
    static final int DEFAULT_TRANSITIONS = 20;
    static final int ANY_STATUS = 255;

    /**
     * Refuses one request: the few calls the queries need from the component.
     */
    interface Rejecter
    {
        void reject(ClientSession session, long correlationId, int code, int templateId, String text);
    }

    private final EgressProxy egress;
    private final Rejecter rejecter;
    private final AdminAudit audit;

    AdminQueries(final EgressProxy egress, final Rejecter rejecter, final AdminAudit audit)
    {
        this.egress = egress;
        this.rejecter = rejecter;
        this.audit = audit;
    }

    void workers(
        final ClientSession session, final IngressRequest r, final Balancer balancer,
        final NavigableMap<String, WorkerBinding> bindings)
    {
        final int pageSize = pageSize(session, r, r.number, DEFAULT_PAGE);
        if (pageSize < 0)
        {
            return;
        }
        final List<WorkerInfo> all = balancer.workers();
        int count = 0;
        String last = "";
        boolean more = false;
        for (int i = 0, n = all.size(); i < n; i++)
        {
            final WorkerInfo w = all.get(i);
            final String name = w.id().name();
            if (!r.after.isEmpty() && name.compareTo(r.after) <= 0)
            {
                continue;
            }
            if (count == pageSize)
            {
                more = true;
                break;
            }
            final WorkerBinding b = bindings.get(name);
            egress.workerRow(session, r.correlationId, w,
                null == b ? 0 : b.incarnation, null == b ? -1 : b.connectedSince, null == b ? -1 : b.lastHeard);
            count++;
            last = name;
        }
        egress.queryPage(session, r.correlationId, count, more, 0, 0, balancer.now(), more ? last : "");
    }

    void tasks(final ClientSession session, final IngressRequest r, final Balancer balancer)
    {
        final int pageSize = pageSize(session, r, r.number, DEFAULT_PAGE);
        if (pageSize < 0)
        {
            return;
        }
        final TaskStatus status;
        if (ANY_STATUS == r.status)
        {
            status = null;
        }
        else if (r.status >= TaskStatusCode.PENDING.value() && r.status < TaskStatusCode.NONE.value())
        {
            status = statusOf(TaskStatusCode.get((short)r.status));
        }
        else
        {
            rejecter.reject(session, r.correlationId, AdapterRejection.BAD_QUERY, r.templateId,
                "status filter " + r.status + " is not a task status (0-4, or 255 for any)");
            return;
        }
        final WorkerId owner = r.worker.isEmpty() ? null : WorkerId.of(r.worker);
        if (null != owner && null == balancer.worker(owner))
        {
            rejecter.reject(session, r.correlationId, RejectionCode.UNKNOWN_WORKER.value(), r.templateId,
                "owner filter: worker " + r.worker + " is not known");
            return;
        }
        final boolean wantReason = r.pendingOnly || !r.text.isEmpty();
        final List<Assignment> all = balancer.assignments();
        int count = 0;
        String last = "";
        boolean more = false;
        for (int i = firstAfter(all, r.after), n = all.size(); i < n; i++)
        {
            final Assignment a = all.get(i);
            if ((null != status && a.status() != status) || (r.stuckOnly && !a.stuck()) ||
                (null != owner && !owner.equals(a.owner()) && !owner.equals(a.target())))
            {
                continue;
            }
            String reason = null;
            if (TaskStatus.PENDING == a.status() && (wantReason || count < pageSize))
            {
                reason = balancer.pendingReason(a.task());
            }
            if (wantReason && (null == reason || !reason.contains(r.text)))
            {
                continue;
            }
            if (count == pageSize)
            {
                more = true;
                break;
            }
            egress.taskRow(session, r.correlationId, a, balancer.task(a.task()), reason);
            count++;
            last = a.task().name();
        }
        egress.queryPage(session, r.correlationId, count, more, 0, 0, balancer.now(), more ? last : "");
    }

    void explain(final ClientSession session, final IngressRequest r, final Balancer balancer)
    {
        final int max = pageSize(session, r, r.number, DEFAULT_TRANSITIONS);
        if (max < 0)
        {
            return;
        }
        final TaskId id = TaskId.of(r.task);
        final Assignment a = balancer.assignment(id);
        if (null == a)
        {
            rejecter.reject(session, r.correlationId, RejectionCode.UNKNOWN_TASK.value(), r.templateId,
                "task " + r.task + " does not exist");
            return;
        }
        egress.taskRow(session, r.correlationId, a, balancer.task(id), balancer.pendingReason(id));
        // the task's transitions with their sequence numbers: one pass over the ring, keeping the last max
        final List<Transition> all = balancer.history();
        final long oldest = balancer.historySequence() - all.size();
        int kept = 0;
        for (int i = 0, n = all.size(); i < n; i++)
        {
            if (id.equals(all.get(i).task()))
            {
                kept++;
            }
        }
        final long since = kept == 0 ? -1 : lastTimeOf(all, id);
        egress.explainHeader(session, r.correlationId, since, kept);
        int skip = Math.max(0, kept - max);
        int sent = 0;
        for (int i = 0, n = all.size(); i < n; i++)
        {
            final Transition t = all.get(i);
            if (id.equals(t.task()) && skip-- <= 0)
            {
                final long seq = oldest + i;
                egress.historyRecord(session, r.correlationId, seq, t, audit.operatorOf(seq));
                sent++;
            }
        }
        egress.queryPage(session, r.correlationId, sent, false, balancer.historySequence(), oldest, balancer.now(), "");
    }

    void historySince(final ClientSession session, final IngressRequest r, final Balancer balancer)
    {
        final int pageSize = pageSize(session, r, r.number, DEFAULT_PAGE);
        if (pageSize < 0)
        {
            return;
        }
        final long next = balancer.historySequence();
        if (r.seq < 0 || r.seq > next)
        {
            rejecter.reject(session, r.correlationId, AdapterRejection.BAD_QUERY, r.templateId,
                "fromSeq " + r.seq + " is outside 0.." + next + " (the next sequence)");
            return;
        }
        final List<Transition> all = balancer.history();
        final long oldest = next - all.size();
        final TaskId task = r.task.isEmpty() ? null : TaskId.of(r.task);
        final WorkerId worker = r.worker.isEmpty() ? null : WorkerId.of(r.worker);
        int count = 0;
        long seq = Math.max(r.seq, oldest);
        for (; seq < next; seq++)
        {
            final Transition t = all.get((int)(seq - oldest));
            if ((null != task && !task.equals(t.task())) ||
                (null != worker && !worker.equals(t.worker()) && !worker.equals(t.causeWorker())))
            {
                continue;
            }
            if (count == pageSize)
            {
                break;
            }
            egress.historyRecord(session, r.correlationId, seq, t, audit.operatorOf(seq));
            count++;
        }
        egress.queryPage(session, r.correlationId, count, seq < next, seq, oldest, balancer.now(), "");
    }

    void cluster(
        final ClientSession session, final IngressRequest r, final Balancer balancer, final long termId,
        final String policy, final long rejectedCount)
    {
        final List<WorkerInfo> workers = balancer.workers();
        int live = 0;
        for (int i = 0, n = workers.size(); i < n; i++)
        {
            final WorkerInfo w = workers.get(i);
            if (WorkerStatus.LIVE == w.status() && !w.detached())
            {
                live++;
            }
        }
        final List<Assignment> tasks = balancer.assignments();
        int pending = 0;
        for (int i = 0, n = tasks.size(); i < n; i++)
        {
            if (TaskStatus.PENDING == tasks.get(i).status())
            {
                pending++;
            }
        }
        final long next = balancer.historySequence();
        final int kept = balancer.history().size();
        egress.clusterSummary(r.correlationId)
            .clusterTime(balancer.now())
            .leadershipTermId(termId)
            .workerCount(workers.size())
            .liveWorkerCount(live)
            .taskCount(tasks.size())
            .pendingCount(pending)
            .stuckCount(balancer.stuck().size())
            .lastEpoch(balancer.lastEpoch())
            .nextHistorySeq(next)
            .oldestHistorySeq(next - kept)
            .historyCapacity(balancer.config().historyCapacity())
            .rejectedCount(rejectedCount)
            .policy(policy);
        egress.sendClusterSummary(session);
    }

    private int pageSize(final ClientSession session, final IngressRequest r, final int asked, final int byDefault)
    {
        if (0 == asked)
        {
            return byDefault;
        }
        if (asked < 0 || asked > MAX_PAGE)
        {
            rejecter.reject(session, r.correlationId, AdapterRejection.BAD_QUERY, r.templateId,
                "page size " + asked + " is outside 1-" + MAX_PAGE + " (0: " + byDefault + ")");
            return -1;
        }
        return asked;
    }

    private static int firstAfter(final List<Assignment> sorted, final String after)
    {
        if (after.isEmpty())
        {
            return 0;
        }
        int lo = 0;
        int hi = sorted.size();
        final TaskId cursor = TaskId.of(after);
        while (lo < hi)
        {
            final int mid = (lo + hi) >>> 1;
            if (sorted.get(mid).task().compareTo(cursor) <= 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    private static long lastTimeOf(final List<Transition> all, final TaskId id)
    {
        for (int i = all.size() - 1; i >= 0; i--)
        {
            if (id.equals(all.get(i).task()))
            {
                return all.get(i).time();
            }
        }
        return -1;
    }

    private static TaskStatus statusOf(final TaskStatusCode code)
    {
        return switch (code)
        {
            case PENDING -> TaskStatus.PENDING;
            case OPENING -> TaskStatus.OPENING;
            case OPEN -> TaskStatus.OPEN;
            case CLOSING -> TaskStatus.CLOSING;
            case RESERVED -> TaskStatus.RESERVED;
            default -> null;
        };
    }
}
