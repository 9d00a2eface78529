package io.resilientgateways.core;

/**
 * Where a known worker is in its membership.
 */
public enum WorkerStatus
{
    /** Registered and connected; eligible for tasks unless detached. */
    LIVE(0),
    /** Registered, connected, and giving its tasks away; no new ones. */
    DRAINING(1),
    /** Its session was lost; its tasks are reserved for it until its grace period ends. */
    DEPARTED(2);

    private static final WorkerStatus[] BY_CODE = Codes.index(values(), WorkerStatus::code);

    private final byte code;

    WorkerStatus(final int code)
    {
        this.code = (byte)code;
    }

    /**
     * @return the stable code stored in snapshots; never changes, whatever the declaration order.
     */
    byte code()
    {
        return code;
    }

    static WorkerStatus fromCode(final int code)
    {
        return Codes.lookup(BY_CODE, code, "worker status");
    }
}
