package io.resilientgateways.aeron.service;

import io.resilientgateways.core.WorkerId;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The registered workers' bindings by name: in name order for snapshots and queries, and hashed for the directives,
 * which look one up each (thousands per membership event) instead of searching the tree. Consecutive directives often
 * go to the same worker (a join's closes from one donor, then its opens), so the last answer is also remembered by the
 * reference of the engine's id; every change of the bindings forgets it.
 */
final class WorkerBindings
{
    private final TreeMap<String, WorkerBinding> byName = new TreeMap<>();
    private final HashMap<String, WorkerBinding> hashed = new HashMap<>();
    private final NavigableMap<String, WorkerBinding> readOnly = Collections.unmodifiableNavigableMap(byName);
    private WorkerId lastId;
    private WorkerBinding lastBinding;

    WorkerBinding get(final String name)
    {
        return hashed.get(name);
    }

    /**
     * @return the binding for the worker the engine names with this id, or null if none is registered.
     */
    WorkerBinding forDirective(final WorkerId engineId)
    {
        if (engineId != lastId)
        {
            lastBinding = hashed.get(engineId.name());
            lastId = engineId;
        }
        return lastBinding;
    }

    void put(final String name, final WorkerBinding binding)
    {
        forget();
        byName.put(name, binding);
        hashed.put(name, binding);
    }

    void remove(final String name)
    {
        forget();
        byName.remove(name);
        hashed.remove(name);
    }

    void clear()
    {
        forget();
        byName.clear();
        hashed.clear();
    }

    int size()
    {
        return byName.size();
    }

    Collection<WorkerBinding> values()
    {
        return readOnly.values();
    }

    NavigableMap<String, WorkerBinding> view()
    {
        return readOnly;
    }

    private void forget()
    {
        lastId = null;
        lastBinding = null;
    }
}
