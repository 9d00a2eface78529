package io.resilientgateways.aeron.protocol;

/**
 * Rejection codes the adapter adds to the engine's {@code core.RejectionCode} values (1-99) on the wire, in the
 * {@code code} field of {@code Rejected}. Stable: never renumber or reuse one.
 */
public final class AdapterRejection
{
    /** The message is truncated, or a length or count field points outside it. */
    public static final int MALFORMED = 100;
    /** Our schema, but a template id this version does not know (or one that only the service sends). */
    public static final int UNKNOWN_TEMPLATE = 101;
    /** Our schema, but a schema version this build does not accept. */
    public static final int WRONG_SCHEMA_VERSION = 102;
    /** A name longer than {@link Protocol#MAX_NAME_LENGTH} or more than {@link Protocol#MAX_CAPABILITIES} entries. */
    public static final int FIELD_TOO_LONG = 103;
    /** An ack, resync or deregister from a session that has not registered a worker. */
    public static final int NOT_REGISTERED = 104;
    /** The session's principal may not send this message (e.g. an admin command from a gateway). */
    public static final int UNAUTHORISED = 105;
    /** The gateway speaks a protocol version the service does not. */
    public static final int UNSUPPORTED_PROTOCOL_VERSION = 106;
    /** The session already registered a worker under another name. */
    public static final int SESSION_ALREADY_REGISTERED = 107;
    /**
     * Decided by the gateway, never sent by the service: its lease does not fit under the cluster's session timeout
     * (reported in {@code Registered}), so it could still act after the cluster declared it dead; it refuses to run.
     */
    public static final int LEASE_DOES_NOT_FIT = 108;
    /** A query's page size, status filter or history sequence is out of range. */
    public static final int BAD_QUERY = 109;
    /** {@code ChangeSettings} names a policy this node's registry does not know (or cannot make anew). */
    public static final int UNKNOWN_POLICY = 120;
    /** {@code ChangeSettings} carries an invalid setting, or a limit below the current count. */
    public static final int INVALID_SETTING = 121;
    /** {@code RaiseEpochFloor} below the floor already set: the floor is never lowered. */
    public static final int EPOCH_FLOOR_LOWER = 122;

    private AdapterRejection()
    {
    }

    /**
     * @param code a wire code.
     * @return a short name for logs, e.g. {@code "MALFORMED"} or the engine's code name.
     */
    public static String name(final int code)
    {
        return switch (code)
        {
            case MALFORMED -> "MALFORMED";
            case UNKNOWN_TEMPLATE -> "UNKNOWN_TEMPLATE";
            case WRONG_SCHEMA_VERSION -> "WRONG_SCHEMA_VERSION";
            case FIELD_TOO_LONG -> "FIELD_TOO_LONG";
            case NOT_REGISTERED -> "NOT_REGISTERED";
            case UNAUTHORISED -> "UNAUTHORISED";
            case UNSUPPORTED_PROTOCOL_VERSION -> "UNSUPPORTED_PROTOCOL_VERSION";
            case SESSION_ALREADY_REGISTERED -> "SESSION_ALREADY_REGISTERED";
            case LEASE_DOES_NOT_FIT -> "LEASE_DOES_NOT_FIT";
            case BAD_QUERY -> "BAD_QUERY";
            case UNKNOWN_POLICY -> "UNKNOWN_POLICY";
            case INVALID_SETTING -> "INVALID_SETTING";
            case EPOCH_FLOOR_LOWER -> "EPOCH_FLOOR_LOWER";
            default ->
            {
                final io.resilientgateways.core.RejectionCode engineCode =
                    io.resilientgateways.core.RejectionCode.fromValue(code);
                yield null == engineCode ? "CODE_" + code : engineCode.name();
            }
        };
    }
}
