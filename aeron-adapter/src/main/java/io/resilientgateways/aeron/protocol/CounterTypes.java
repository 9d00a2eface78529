package io.resilientgateways.aeron.protocol;

/**
 * Type ids of the balancer's Agrona counters (AeronStat shows type id, label and value; filter with
 * {@code -Daeron.stat.type=...}). 7100-7103 are the member's own ({@code BalancerNode}), 7110-7129 the service's,
 * 7140-7149 a gateway's.
 */
public final class CounterTypes
{
    /** Workers connected (registered, not detached). */
    public static final int WORKERS = 7_110;
    /** Tasks without a capable eligible worker. */
    public static final int TASKS_PENDING = 7_111;
    /** Tasks told to open, not yet acknowledged. */
    public static final int TASKS_OPENING = 7_112;
    /** Tasks open on their owner. */
    public static final int TASKS_OPEN = 7_113;
    /** Tasks told to close (a move, drain or removal), not yet acknowledged. */
    public static final int TASKS_CLOSING = 7_114;
    /** Tasks kept for a departed worker during its grace period. */
    public static final int TASKS_RESERVED = 7_115;
    /** Tasks whose acknowledgement is overdue (the handoff timeout). */
    public static final int TASKS_STUCK = 7_116;
    /** Close directives sent: tasks revoked for a move, a drain or a removal. */
    public static final int REVOCATIONS = 7_117;
    /** Rejections sent, one counter per code (label {@code code=NAME}). */
    public static final int REJECTIONS = 7_118;
    /** Malformed inputs (bad lengths, invalid names, unknown versions). */
    public static final int MALFORMED = 7_119;
    /** Inputs from a principal not allowed to send them. */
    public static final int UNAUTHORISED = 7_120;
    /** Egress messages dropped under back pressure (the gateway resyncs). */
    public static final int EGRESS_DROPS = 7_121;
    /** Resync requests answered. */
    public static final int RESYNCS = 7_122;
    /** A gateway's tasks held open now. */
    public static final int GATEWAY_HELD = 7_140;
    /** Times a gateway fenced itself (closed everything because its lease ran out). */
    public static final int GATEWAY_FENCED = 7_141;
    /** The longest silence a gateway has seen, in milliseconds. */
    public static final int GATEWAY_MAX_SILENCE_MS = 7_142;
    /** A gateway's lease (session timeout minus margin), in milliseconds: compare the silence with it. */
    public static final int GATEWAY_LEASE_MS = 7_143;

    private CounterTypes()
    {
    }
}
