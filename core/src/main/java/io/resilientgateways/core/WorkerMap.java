package io.resilientgateways.core;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.TreeMap;

/**
 * The known workers: sorted by id for every iteration (determinism), hashed for lookups (an acknowledgement or a
 * proposed move finds its worker without comparing names down a tree). The last eight ids looked up are
 * remembered by reference: a policy answers with the engine's own ids, and an event sends most of its tasks to
 * few workers, so most lookups compare a reference or two instead of hashing a name. The answer is the hash map's
 * either way; the memory is cleared whenever a worker is added or removed.
 */
final class WorkerMap
{
    private static final int RECENT = 8;

    private final TreeMap<WorkerId, WorkerState> sorted = new TreeMap<>();
    private final HashMap<WorkerId, WorkerState> byId = new HashMap<>();
    private final WorkerId[] recentIds = new WorkerId[RECENT];
    private final WorkerState[] recent = new WorkerState[RECENT];
    private int nextRecent;

    WorkerState get(final WorkerId id)
    {
        final WorkerId[] ids = recentIds;
        for (int i = 0; i < RECENT; i++)
        {
            if (ids[i] == id)
            {
                return recent[i];
            }
        }
        final WorkerState worker = byId.get(id);
        if (null != worker)
        {
            final int i = nextRecent;
            ids[i] = id;
            recent[i] = worker;
            nextRecent = i + 1 == RECENT ? 0 : i + 1;
        }
        return worker;
    }

    void put(final WorkerId id, final WorkerState worker)
    {
        sorted.put(id, worker);
        byId.put(id, worker);
        forgetRecent();
    }

    void remove(final WorkerId id)
    {
        sorted.remove(id);
        byId.remove(id);
        forgetRecent();
    }

    private void forgetRecent()
    {
        Arrays.fill(recentIds, null);
        Arrays.fill(recent, null);
        nextRecent = 0;
    }

    int size()
    {
        return sorted.size();
    }

    /**
     * @return the workers sorted by id; a live view: copy it before adding or removing workers while iterating.
     */
    Collection<WorkerState> values()
    {
        return sorted.values();
    }
}
