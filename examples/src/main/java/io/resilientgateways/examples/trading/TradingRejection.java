package io.resilientgateways.examples.trading;

/**
 * Codes of {@code TradeRejected}: why the trading service refused a trade. Nothing was booked.
 */
public final class TradingRejection
{
    /** Truncated or inconsistent message, or an unsupported schema version. */
    public static final int MALFORMED = 1;
    /** The sender's principal may not book trades (only admin-role sessions may). */
    public static final int UNAUTHORISED = 2;
    /** The party is not a task of the balancer. */
    public static final int UNKNOWN_PARTY = 3;
    /** Quantity or price not positive, or an invalid instrument. */
    public static final int INVALID_TRADE = 4;
    /** A trade id not above the last one booked from this entry: already booked (a re-send after a leader change). */
    public static final int DUPLICATE_TRADE = 5;
    /** A template of the trading schema that a client may not send. */
    public static final int UNKNOWN_TEMPLATE = 6;

    private TradingRejection()
    {
    }

    /**
     * @param code a code.
     * @return its name.
     */
    public static String describe(final int code)
    {
        return switch (code)
        {
            case MALFORMED -> "MALFORMED";
            case UNAUTHORISED -> "UNAUTHORISED";
            case UNKNOWN_PARTY -> "UNKNOWN_PARTY";
            case INVALID_TRADE -> "INVALID_TRADE";
            case DUPLICATE_TRADE -> "DUPLICATE_TRADE";
            case UNKNOWN_TEMPLATE -> "UNKNOWN_TEMPLATE";
            default -> "CODE_" + code;
        };
    }
}
