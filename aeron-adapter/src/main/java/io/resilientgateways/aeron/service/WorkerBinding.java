package io.resilientgateways.aeron.service;

import io.resilientgateways.core.WorkerId;

/**
 * The adapter's replicated record of one registered worker: which cluster session speaks for its name now. Part of
 * the snapshot.
 */
final class WorkerBinding
{
    static final long DETACHED = -1;

    final String name;
    /** Built once: acks and directives use it without building an id per message. */
    final WorkerId id;
    long sessionId;
    long incarnation;
    long directiveSeq;
    long lastHeardTerm;
    long detachTimerId;
    /** Cluster time this worker registered (a resume keeps it); -1 unknown (restored from an older snapshot). */
    long connectedSince = -1;
    /** Cluster time of its last message of our schema; -1 unknown. */
    long lastHeard = -1;

    WorkerBinding(final String name, final long sessionId, final long incarnation)
    {
        this.name = name;
        this.id = WorkerId.of(name);
        this.sessionId = sessionId;
        this.incarnation = incarnation;
    }

    boolean detached()
    {
        return DETACHED == sessionId;
    }
}
