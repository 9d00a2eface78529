package io.resilientgateways.core;

/**
 * Where a task is in its lifecycle.
 * <pre>
 *   PENDING --allocate--> OPENING(w, e) --open ack--> OPEN(w, e)
 *                             ^                          |
 *                             |                     move / drain
 *                             |                          v
 *                             +---close ack / w gone-- CLOSING(w, e)
 *
 *   OPEN(w, e) --w's session lost, grace period set--> RESERVED(w)
 *   RESERVED(w) --w re-registers--> OPENING(w, e')   RESERVED(w) --grace expires--> OPENING(w', e')
 * </pre>
 * Every OPENING takes a new epoch, greater than every epoch issued before (for any task).
 */
public enum TaskStatus
{
    /** No capable live worker; waits, with a reason, until one registers. */
    PENDING,
    /** Told to open; waiting for its open acknowledgement. */
    OPENING,
    /** Open and acknowledged by its owner. */
    OPEN,
    /** Told to close (before a move or a removal); waiting for its close acknowledgement. */
    CLOSING,
    /** Its owner's session was lost; held for it during the grace period, open nowhere. */
    RESERVED;

    private static final TaskStatus[] VALUES = values();

    static TaskStatus fromOrdinal(final int ordinal)
    {
        return VALUES[ordinal];
    }
}
