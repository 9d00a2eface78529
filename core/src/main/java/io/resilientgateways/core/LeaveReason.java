package io.resilientgateways.core;

/**
 * Why a worker left. The adapter derives it from the cluster's session events.
 */
public enum LeaveReason
{
    /** The worker said goodbye; it has closed its tasks, so they move at once with no grace period. */
    DEREGISTERED("deregistered"),
    /** The session was closed without a goodbye (e.g. the process exited and its connection closed). */
    SESSION_CLOSED("session closed"),
    /** The cluster heard nothing for the session timeout (crash, freeze or partition). */
    SESSION_TIMEOUT("session timeout");

    private static final LeaveReason[] VALUES = values();

    private final String text;

    LeaveReason(final String text)
    {
        this.text = text;
    }

    /**
     * @return a short human-readable text, e.g. {@code "session timeout"}.
     */
    public String text()
    {
        return text;
    }

    static LeaveReason fromOrdinal(final int ordinal)
    {
        return VALUES[ordinal];
    }
}
