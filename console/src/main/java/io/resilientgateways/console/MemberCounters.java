package io.resilientgateways.console;

import io.aeron.AeronCounters;
import io.aeron.CncFileDescriptor;
import io.aeron.cluster.ElectionState;
import io.aeron.cluster.service.Cluster;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads cluster members' own Aeron counters, as AeronStat does: maps each member's media driver {@code cnc.dat}
 * read-only and reads the consensus module's counters (node role, election state, commit position, leadership term,
 * election count, consensus-module and service error counts, timed-out clients) and the driver's error count. This
 * works only where the console runs on the member's machine and can read its Aeron directory; for a member it cannot
 * read it says so, and the page shows only what the cluster client itself knows (the leader's member id and term).
 * <p>
 * Thread-safe: each read maps, reads and unmaps.
 */
final class MemberCounters
{
    /**
     * What one member's counters say.
     *
     * @param memberId        the member (its index in the configured directories).
     * @param aeronDir        the directory read.
     * @param readable        false if its {@code cnc.dat} could not be read (then only {@code problem} is set).
     * @param role            {@code LEADER}, {@code FOLLOWER}, {@code CANDIDATE}, or empty.
     * @param electionState   the election state's name ({@code CLOSED} when none is running), or empty.
     * @param commitPosition  the log position the member has committed, or -1.
     * @param leadershipTerm  the member's leadership term id, or -1.
     * @param elections       elections this member has run, or -1.
     * @param clusterErrors   errors its consensus module counted, or -1.
     * @param serviceErrors   errors its clustered service container counted, or -1.
     * @param clientTimeouts  client sessions its consensus module timed out, or -1.
     * @param driverErrors    errors its media driver counted, or -1.
     * @param problem         why it could not be read, or empty.
     */
    record Member(
        int memberId, String aeronDir, boolean readable, String role, String electionState, long commitPosition,
        long leadershipTerm, long elections, long clusterErrors, long serviceErrors, long clientTimeouts,
        long driverErrors, String problem)
    {
    }

    private final List<String> aeronDirs;

    /**
     * @param aeronDirs each member's media driver directory, in member id order; empty when none is readable here.
     */
    MemberCounters(final List<String> aeronDirs)
    {
        this.aeronDirs = List.copyOf(aeronDirs);
    }

    boolean configured()
    {
        return !aeronDirs.isEmpty();
    }

    List<Member> read()
    {
        final List<Member> members = new ArrayList<>(aeronDirs.size());
        for (int i = 0; i < aeronDirs.size(); i++)
        {
            members.add(read(i, aeronDirs.get(i)));
        }
        return members;
    }

    private static Member read(final int memberId, final String dir)
    {
        final File cnc = new File(dir, CncFileDescriptor.CNC_FILE);
        if (!cnc.isFile())
        {
            return unreadable(memberId, dir, "no " + cnc + " (member down, or not on this machine)");
        }
        MappedByteBuffer mapped = null;
        try
        {
            mapped = IoUtil.mapExistingFile(cnc, "cnc");
            final UnsafeBuffer meta = CncFileDescriptor.createMetaDataBuffer(mapped);
            final int version = meta.getInt(CncFileDescriptor.cncVersionOffset(0));
            if (0 == version)
            {
                return unreadable(memberId, dir, "driver not ready");
            }
            final CountersReader counters = new CountersReader(
                CncFileDescriptor.createCountersMetaDataBuffer(mapped, meta),
                CncFileDescriptor.createCountersValuesBuffer(mapped, meta));
            final long[] values = {-1, -1, -1, -1, -1, -1, -1, -1, -1};
            counters.forEach((counterId, type, key, label) ->
            {
                final int slot = switch (type)
                {
                    case AeronCounters.CLUSTER_NODE_ROLE_TYPE_ID -> 0;
                    case AeronCounters.CLUSTER_ELECTION_STATE_TYPE_ID -> 1;
                    case AeronCounters.CLUSTER_COMMIT_POSITION_TYPE_ID -> 2;
                    case AeronCounters.CLUSTER_LEADERSHIP_TERM_ID_TYPE_ID -> 3;
                    case AeronCounters.CLUSTER_ELECTION_COUNT_TYPE_ID -> 4;
                    case AeronCounters.CLUSTER_CONSENSUS_MODULE_ERROR_COUNT_TYPE_ID -> 5;
                    case AeronCounters.CLUSTER_CLUSTERED_SERVICE_ERROR_COUNT_TYPE_ID -> 6;
                    case AeronCounters.CLUSTER_CLIENT_TIMEOUT_COUNT_TYPE_ID -> 7;
                    case AeronCounters.DRIVER_SYSTEM_COUNTER_TYPE_ID ->
                        key.getInt(0) == AeronCounters.SYSTEM_COUNTER_ID_ERRORS ? 8 : -1;
                    default -> -1;
                };
                if (slot >= 0)
                {
                    values[slot] = counters.getCounterValue(counterId);
                }
            });
            final String role = values[0] < 0 ? "" : Cluster.Role.get(values[0]).name();
            final ElectionState election = values[1] < 0 ? null : ElectionState.get(values[1]);
            return new Member(memberId, dir, true, role, null == election ? "" : election.name(), values[2], values[3],
                values[4], values[5], values[6], values[7], values[8],
                values[0] < 0 ? "no consensus module counters in this driver" : "");
        }
        catch (final RuntimeException ex)
        {
            return unreadable(memberId, dir, String.valueOf(ex.getMessage()));
        }
        finally
        {
            if (null != mapped)
            {
                IoUtil.unmap(mapped);
            }
        }
    }

    private static Member unreadable(final int memberId, final String dir, final String problem)
    {
        return new Member(memberId, dir, false, "", "", -1, -1, -1, -1, -1, -1, -1, problem);
    }
}
