package io.resilientgateways.core;

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
 * log order), so equal states give equal bytes.
 * <pre>
 *   magic "RGB1", format version
 *   policy name, policy version, config fingerprint
 *   counters, rebalance and timer state
 *   workers (sorted by name)
 *   tasks (sorted by id)
 *   history (oldest first)
 *   release backoffs (by task, then worker)      since format 2
 * </pre>
 * Format 3 adds each worker's detached flag after its leave reason.
 * Bump {@link #FORMAT_VERSION} for any change, and keep reading the older versions.
 */
final class SnapshotCodec
{
    static final int MAGIC = 0x52474231; // "RGB1"
    static final int FORMAT_VERSION = 3;

    private SnapshotCodec()
    {
    }

    static byte[] write(final Balancer b)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024 + 64 * b.tasks.size());
        try (DataOutputStream out = new DataOutputStream(bytes))
        {
            out.writeInt(MAGIC);
            out.writeShort(FORMAT_VERSION);
            out.writeUTF(b.policy.name());
            out.writeInt(b.policy.version());
            out.writeLong(b.config.fingerprint());

            out.writeLong(b.now);
            out.writeLong(b.epochCounter);
            out.writeLong(b.timerCounter);
            out.writeLong(b.membershipVersion);
            out.writeLong(b.policyProposalsRejected);
            out.writeBoolean(b.rounds.requested);
            writeEnum(out, b.rounds.trigger);
            writeName(out, b.rounds.triggerWorker);
            writeEnum(out, b.rounds.triggerReason);
            out.writeLong(b.rounds.timerId);
            out.writeLong(b.rounds.deadline);
            out.writeLong(b.handoff.timerId);
            out.writeLong(b.handoff.deadline);

            out.writeInt(b.workers.size());
            for (final WorkerState w : b.workers.values())
            {
                out.writeUTF(w.id.name());
                writeCapabilities(out, w.capabilities);
                out.writeInt(w.capacity);
                out.writeByte(w.mode.ordinal());
                out.writeLong(w.graceTimerId);
                out.writeLong(w.graceDeadline);
                writeEnum(out, w.leaveReason);
                out.writeBoolean(w.detached);
            }

            final TaskState[] tasks = b.sortedTasks();
            out.writeInt(tasks.length);
            for (final TaskState t : tasks)
            {
                out.writeUTF(t.id.name());
                writeCapabilities(out, t.requires);
                out.writeInt(t.weight);
                out.writeByte(t.status.ordinal());
                writeName(out, null == t.holder ? null : t.holder.id);
                writeName(out, null == t.assignee ? null : t.assignee.id);
                out.writeLong(t.epoch);
                out.writeLong(t.since);
                out.writeBoolean(t.removing);
                out.writeBoolean(t.stuck);
            }

            final List<Transition> kept = b.history.all(null);
            out.writeLong(b.history.written());
            out.writeInt(kept.size());
            for (final Transition h : kept)
            {
                out.writeLong(h.time());
                out.writeUTF(h.task().name());
                writeEnum(out, h.from());
                writeEnum(out, h.to());
                writeName(out, h.worker());
                out.writeLong(h.epoch());
                writeEnum(out, h.cause());
                writeName(out, h.causeWorker());
                writeEnum(out, h.reason());
                writeEnum(out, h.trigger());
            }
            b.backoff.write(out);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    static void read(final Balancer b, final byte[] snapshot)
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
            if (!policyName.equals(b.policy.name()) || policyVersion != b.policy.version())
            {
                throw new IllegalStateException("snapshot taken under policy " + policyName + " v" + policyVersion +
                    ", cannot restore under " + b.policy.name() + " v" + b.policy.version());
            }
            if (in.readLong() != (1 == version ? b.config.fingerprintV1() : b.config.fingerprint()))
            {
                throw new IllegalStateException("snapshot taken under other settings than " + b.config);
            }

            b.now = in.readLong();
            b.epochCounter = in.readLong();
            b.timerCounter = in.readLong();
            b.membershipVersion = in.readLong();
            b.policyProposalsRejected = in.readLong();
            b.rounds.requested = in.readBoolean();
            if (1 == version)
            {
                in.readBoolean(); // format 1 also stored whether the last round hit its move limit; derivable
            }
            b.rounds.trigger = readEnum(in, Cause.values());
            b.rounds.triggerWorker = readWorkerId(in);
            b.rounds.triggerReason = readEnum(in, LeaveReason.values());
            b.rounds.timerId = in.readLong();
            b.rounds.deadline = in.readLong();
            b.handoff.timerId = in.readLong();
            b.handoff.deadline = in.readLong();

            final int workerCount = in.readInt();
            for (int i = 0; i < workerCount; i++)
            {
                final WorkerId id = WorkerId.of(in.readUTF());
                final WorkerState w = new WorkerState(new WorkerSpec(id, readCapabilities(in), in.readInt()));
                w.mode = WorkerState.Mode.values()[in.readByte()];
                w.graceTimerId = in.readLong();
                w.graceDeadline = in.readLong();
                w.leaveReason = readEnum(in, LeaveReason.values());
                w.detached = version >= 3 && in.readBoolean();
                b.workers.put(id, w);
            }

            final int taskCount = in.readInt();
            for (int i = 0; i < taskCount; i++)
            {
                final TaskId id = TaskId.of(in.readUTF());
                final TaskState t = new TaskState(id, readCapabilities(in), in.readInt());
                t.status = TaskStatus.fromOrdinal(in.readByte());
                final WorkerId holder = readWorkerId(in);
                final WorkerId assignee = readWorkerId(in);
                t.epoch = in.readLong();
                t.since = in.readLong();
                t.removing = in.readBoolean();
                t.stuck = in.readBoolean();
                if (null != holder)
                {
                    t.holder = requireWorker(b, holder, id);
                }
                if (null != assignee)
                {
                    requireWorker(b, assignee, id).addAssigned(t);
                }
                if (t.status == TaskStatus.CLOSING)
                {
                    t.holder.addOutgoing(t);
                }
                b.tasks.put(id, t);
            }

            final long written = in.readLong();
            final int keptCount = in.readInt();
            final List<Transition> kept = new ArrayList<>(keptCount);
            for (int i = 0; i < keptCount; i++)
            {
                kept.add(new Transition(
                    in.readLong(),
                    TaskId.of(in.readUTF()),
                    readEnum(in, TaskStatus.values()),
                    readEnum(in, TaskStatus.values()),
                    readWorkerId(in),
                    in.readLong(),
                    readEnum(in, Cause.values()),
                    readWorkerId(in),
                    readEnum(in, LeaveReason.values()),
                    readEnum(in, Cause.values())));
            }
            b.history.restore(written, kept);
            if (version >= 2)
            {
                b.backoff.read(in);
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
        rebuildDerivedState(b);
    }

    /**
     * Everything not written to the snapshot because it follows from what is: totals, counters, the pending set and
     * the handoff queue.
     */
    private static void rebuildDerivedState(final Balancer b)
    {
        b.sortedTasks = null;
        b.view.invalidate();
        b.closingMoves = 0;
        b.totalWeight = 0;
        for (final TaskState task : b.sortedTasks())
        {
            b.totalWeight += task.weight;
            if (task.status == TaskStatus.CLOSING && !task.removing)
            {
                b.closingMoves++;
            }
            if (task.status == TaskStatus.PENDING)
            {
                b.pending.put(task.id, task);
            }
        }
        b.handoff.rebuild();
    }

    private static WorkerState requireWorker(final Balancer b, final WorkerId id, final TaskId task)
    {
        final WorkerState w = b.workers.get(id);
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

    private static void writeEnum(final DataOutputStream out, final Enum<?> value) throws IOException
    {
        out.writeByte(null == value ? -1 : value.ordinal());
    }

    private static <E extends Enum<E>> E readEnum(final DataInputStream in, final E[] values) throws IOException
    {
        final int ordinal = in.readByte();
        return ordinal < 0 ? null : values[ordinal];
    }
}
