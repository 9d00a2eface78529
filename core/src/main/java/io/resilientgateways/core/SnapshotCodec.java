package io.resilientgateways.core;

import io.resilientgateways.core.spi.RebalancePolicy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine's snapshot format. Everything is written in a fixed order (workers by name, tasks by id, history in
 * log order), so equal states give equal bytes. Enums are stored by stable codes ({@code TaskStatus.code()}...),
 * never by ordinal.
 * <pre>
 *   magic "RGB1", format version
 *   policy name, policy version, config fingerprint
 *   now, last epoch, last timer id, membership version, proposals rejected
 *   rebalance round: requested, trigger, trigger worker, trigger reason, timer id
 *   handoff timer id
 *   workers (sorted by name): name, capabilities, capacity, status, grace timer id, leave reason, detached
 *   tasks (sorted by id): id, requires, weight, status, holder, assignee, epoch, since, removing, stuck
 *   history (oldest first)
 *   release backoffs (by task, then worker): task, worker, until, timer id
 * </pre>
 * Earlier formats still read: 1 (before releases: no backoffs; an extra round flag), 2 (no detached flag), 3; 1 to
 * 3 also stored the round's, the handoff's and each worker's grace deadline (never read). Their enum bytes were
 * ordinals, which the stable codes equal by construction. Bump {@link #FORMAT_VERSION} for any change, keep reading
 * the older versions, and add a golden file per older format to {@code SnapshotFormatTest}.
 */
final class SnapshotCodec
{
    static final int MAGIC = 0x52474231; // "RGB1"
    static final int FORMAT_VERSION = 4;

    private SnapshotCodec()
    {
    }

    static byte[] write(
        final RebalancePolicy policy,
        final EngineState s,
        final TimerRegistry timers,
        final RebalanceRounds rounds,
        final HandoffTracker handoff,
        final ReleaseBackoff backoff)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024 + 64 * s.tasks.size());
        try (DataOutputStream out = new DataOutputStream(bytes))
        {
            out.writeInt(MAGIC);
            out.writeShort(FORMAT_VERSION);
            out.writeUTF(policy.name());
            out.writeInt(policy.version());
            out.writeLong(s.config.fingerprint());

            out.writeLong(s.now);
            out.writeLong(s.epochCounter);
            out.writeLong(timers.lastId);
            out.writeLong(s.membershipVersion);
            out.writeLong(s.policyProposalsRejected);
            rounds.write(out);
            handoff.write(out);

            out.writeInt(s.workers.size());
            for (final WorkerState w : s.workers.values())
            {
                out.writeUTF(w.id.name());
                writeCapabilities(out, w.capabilities);
                out.writeInt(w.capacity);
                out.writeByte(w.mode.code());
                out.writeLong(w.graceTimerId);
                out.writeByte(null == w.leaveReason ? -1 : w.leaveReason.code());
                out.writeBoolean(w.detached);
            }

            final TaskState[] tasks = s.sortedTasks();
            out.writeInt(tasks.length);
            for (final TaskState t : tasks)
            {
                out.writeUTF(t.id.name());
                writeCapabilities(out, t.requires);
                out.writeInt(t.weight);
                out.writeByte(t.status.code());
                writeName(out, null == t.holder ? null : t.holder.id);
                writeName(out, null == t.assignee ? null : t.assignee.id);
                out.writeLong(t.epoch);
                out.writeLong(t.since);
                out.writeBoolean(t.removing);
                out.writeBoolean(t.stuck);
            }

            final List<Transition> kept = s.history.all(null);
            out.writeLong(s.history.written());
            out.writeInt(kept.size());
            for (final Transition h : kept)
            {
                out.writeLong(h.time());
                out.writeUTF(h.task().name());
                out.writeByte(h.from().code());
                out.writeByte(null == h.to() ? -1 : h.to().code());
                writeName(out, h.worker());
                out.writeLong(h.epoch());
                out.writeByte(h.cause().code());
                writeName(out, h.causeWorker());
                out.writeByte(null == h.reason() ? -1 : h.reason().code());
                out.writeByte(null == h.trigger() ? -1 : h.trigger().code());
            }
            backoff.write(out);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    static void read(
        final byte[] snapshot,
        final RebalancePolicy policy,
        final EngineState s,
        final TimerRegistry timers,
        final RebalanceRounds rounds,
        final HandoffTracker handoff,
        final ReleaseBackoff backoff,
        final boolean checkSettings)
    {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot)))
        {
            if (in.readInt() != MAGIC)
            {
                throw new IllegalStateException("not a balancer snapshot");
            }
            final int version = in.readShort();
            if (version < 1 || version > FORMAT_VERSION)
            {
                throw new IllegalStateException("snapshot format " + version + " unsupported, expected " +
                    "1 to " + FORMAT_VERSION);
            }
            final String policyName = in.readUTF();
            final int policyVersion = in.readInt();
            if (checkSettings && (!policyName.equals(policy.name()) || policyVersion != policy.version()))
            {
                throw new IllegalStateException("snapshot taken under policy " + policyName + " v" + policyVersion +
                    ", cannot restore under " + policy.name() + " v" + policy.version());
            }
            final long fingerprint = in.readLong();
            if (checkSettings && fingerprint != (1 == version ? s.config.fingerprintV1() : s.config.fingerprint()))
            {
                throw new IllegalStateException("snapshot taken under other settings than " + s.config);
            }

            s.now = in.readLong();
            s.epochCounter = in.readLong();
            timers.lastId = in.readLong();
            s.membershipVersion = in.readLong();
            s.policyProposalsRejected = in.readLong();
            rounds.read(in, version, timers);
            handoff.read(in, version, timers);

            final int workerCount = in.readInt();
            for (int i = 0; i < workerCount; i++)
            {
                final WorkerId id = WorkerId.of(in.readUTF());
                final WorkerState w = new WorkerState(new WorkerSpec(id, readCapabilities(in), in.readInt()), s.loads);
                w.mode = WorkerStatus.fromCode(in.readByte());
                w.graceTimerId = in.readLong();
                if (version < 4)
                {
                    in.readLong(); // grace deadline, never read
                }
                final int reason = in.readByte();
                w.leaveReason = reason < 0 ? null : LeaveReason.fromCode(reason);
                w.detached = version >= 3 && in.readBoolean();
                s.workers.put(id, w);
            }

            final int taskCount = in.readInt();
            for (int i = 0; i < taskCount; i++)
            {
                final TaskId id = TaskId.of(in.readUTF());
                final TaskState t = new TaskState(id, readCapabilities(in), in.readInt());
                t.status = TaskStatus.fromCode(in.readByte());
                final WorkerId holder = readWorkerId(in);
                final WorkerId assignee = readWorkerId(in);
                t.epoch = in.readLong();
                t.since = in.readLong();
                t.removing = in.readBoolean();
                t.stuck = in.readBoolean();
                if (null != holder)
                {
                    t.holder = requireWorker(s, holder, id);
                }
                if (null != assignee)
                {
                    requireWorker(s, assignee, id).addAssigned(t);
                }
                if (t.status == TaskStatus.CLOSING)
                {
                    t.holder.outgoing.add(t);
                }
                s.addTask(t);
            }

            final long written = in.readLong();
            final int keptCount = in.readInt();
            final List<Transition> kept = new ArrayList<>(keptCount);
            for (int i = 0; i < keptCount; i++)
            {
                final long time = in.readLong();
                final TaskId task = TaskId.of(in.readUTF());
                final TaskStatus from = TaskStatus.fromCode(in.readByte());
                final int to = in.readByte();
                final WorkerId worker = readWorkerId(in);
                final long epoch = in.readLong();
                final Cause cause = Cause.fromCode(in.readByte());
                final WorkerId causeWorker = readWorkerId(in);
                final int reason = in.readByte();
                final int trigger = in.readByte();
                kept.add(new Transition(time, task, from, to < 0 ? null : TaskStatus.fromCode(to), worker, epoch,
                    cause, causeWorker, reason < 0 ? null : LeaveReason.fromCode(reason),
                    trigger < 0 ? null : Cause.fromCode(trigger)));
            }
            s.history.restore(written, kept);
            if (version >= 2)
            {
                backoff.read(in, id -> null != s.tasks.get(id), timers);
            }
            if (in.read() != -1)
            {
                throw new IllegalStateException("trailing bytes after snapshot");
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            if (ex instanceof IllegalStateException)
            {
                throw (IllegalStateException)ex;
            }
            throw new IllegalStateException("corrupt balancer snapshot: " + ex, ex);
        }
        rebuildDerivedState(s, handoff);
    }

    /**
     * Everything not written to the snapshot because it follows from what is: counters, the pending set and the
     * handoff queue.
     */
    private static void rebuildDerivedState(final EngineState s, final HandoffTracker handoff)
    {
        s.closingMoves = 0;
        for (final TaskState task : s.sortedTasks())
        {
            if (task.status == TaskStatus.CLOSING && !task.removing)
            {
                s.closingMoves++;
            }
            if (task.status == TaskStatus.PENDING)
            {
                s.pending.put(task.id, task);
            }
        }
        handoff.rebuild(s.sortedTasks());
    }

    private static WorkerState requireWorker(final EngineState s, final WorkerId id, final TaskId task)
    {
        final WorkerState w = s.workers.get(id);
        if (null == w)
        {
            throw new IllegalStateException("task " + task + " refers to unknown worker " + id);
        }
        return w;
    }

    private static void writeCapabilities(final DataOutputStream out, final CapabilitySet set) throws IOException
    {
        out.writeByte(set.size());
        for (final String name : set.names())
        {
            out.writeUTF(name);
        }
    }

    private static CapabilitySet readCapabilities(final DataInputStream in) throws IOException
    {
        final String[] names = new String[in.readByte()];
        for (int i = 0; i < names.length; i++)
        {
            names[i] = in.readUTF();
        }
        return CapabilitySet.of(names);
    }

    private static void writeName(final DataOutputStream out, final WorkerId id) throws IOException
    {
        out.writeUTF(null == id ? "" : id.name());
    }

    private static WorkerId readWorkerId(final DataInputStream in) throws IOException
    {
        final String name = in.readUTF();
        return name.isEmpty() ? null : WorkerId.of(name);
    }
}
