package io.resilientgateways.core;

/**
 * Why a worker left. The adapter derives it from the cluster's session events.
 */
public enum LeaveReason
{
    /** The worker said goodbye; it has closed its tasks, so they move at once with no grace period. */
    DEREGISTERED(0, "deregistered"),
    /** The session was closed without a goodbye (e.g. the process exited and its connection closed). */
    SESSION_CLOSED(1, "session closed"),
    /** The cluster heard nothing for the session timeout (crash, freeze or partition). */
    SESSION_TIMEOUT(2, "session timeout");

    private static final LeaveReason[] BY_CODE = Codes.index(values(), LeaveReason::code);

    private final byte code;
    private final String text;

    LeaveReason(final int code, final String text)
    {
        this.code = (byte)code;
        this.text = text;
    }

    /**
     * @return the stable code stored in snapshots; never changes, whatever the declaration order.
     */
    byte code()
    {
        return code;
    }

    static LeaveReason fromCode(final int code)
    {
        return Codes.lookup(BY_CODE, code, "leave reason");
    }

    /**
     * @return a short human-readable text, e.g. {@code "session timeout"}.
     */
    public String text()
    {
        return text;
    }
}
