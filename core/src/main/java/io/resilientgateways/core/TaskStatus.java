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
    PENDING(0),
    /** Told to open; waiting for its open acknowledgement. */
    OPENING(1),
    /** Open and acknowledged by its owner. */
    OPEN(2),
    /** Told to close (before a move or a removal); waiting for its close acknowledgement. */
    CLOSING(3),
    /** Its owner's session was lost; held for it during the grace period, open nowhere. */
    RESERVED(4);

    private static final TaskStatus[] BY_CODE = Codes.index(values(), TaskStatus::code);

    private final byte code;

    TaskStatus(final int code)
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

    static TaskStatus fromCode(final int code)
    {
        return Codes.lookup(BY_CODE, code, "task status");
    }
}
