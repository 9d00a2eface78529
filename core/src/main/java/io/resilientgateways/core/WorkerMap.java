package io.resilientgateways.core;

import java.util.Collection;
import java.util.HashMap;
import java.util.TreeMap;

/**
 * The known workers: sorted by id for every iteration (determinism), hashed for lookups (an acknowledgement or a
 * proposed move finds its worker without comparing names down a tree).
 */
final class WorkerMap
{
    private final TreeMap<WorkerId, WorkerState> sorted = new TreeMap<>();
    private final HashMap<WorkerId, WorkerState> byId = new HashMap<>();

    WorkerState get(final WorkerId id)
    {
        return byId.get(id);
    }

    void put(final WorkerId id, final WorkerState worker)
    {
        sorted.put(id, worker);
        byId.put(id, worker);
    }

    void remove(final WorkerId id)
    {
        sorted.remove(id);
        byId.remove(id);
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
