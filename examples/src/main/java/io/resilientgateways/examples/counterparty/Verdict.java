package io.resilientgateways.examples.counterparty;

import java.util.List;

/**
 * What the counterparty saw.
 *
 * @param expected      parties that should be connected.
 * @param connected     how many of them are connected now.
 * @param missing       the ones that are not.
 * @param connections   connection attempts.
 * @param stale         connections refused for presenting an epoch not above the current one.
 * @param superseded    connections closed because a higher epoch arrived.
 * @param gaps          confirmations refused for skipping a sequence number.
 * @param duplicates    confirmations refused for repeating one.
 * @param confirmations confirmations accepted.
 * @param undelivered   confirmations booked but never accepted: for each party, how far its highest booked sequence
 *                      is above the highest the counterparty accepted (a gap at the end of a party's stream, which
 *                      no later confirmation reveals as a gap); -1 if the booked sequences are not known.
 */
public record Verdict(
    int expected,
    int connected,
    List<String> missing,
    long connections,
    long stale,
    long superseded,
    long gaps,
    long duplicates,
    long confirmations,
    long undelivered)
{
    /** {@link #undelivered} when the booked sequences are not known. */
    public static final long UNDELIVERED_UNKNOWN = -1;

    /**
     * @return true if every expected party is connected and nothing stale, missing, repeated or undelivered was
     * seen (undelivered only where the booked sequences are known).
     */
    public boolean clean()
    {
        return connected == expected && stale == 0 && gaps == 0 && duplicates == 0 && undelivered <= 0;
    }

    @Override
    public String toString()
    {
        return String.format("parties connected %d/%d, stale connections %d, superseded %d, gaps %d, duplicates %d, " +
            "confirmations accepted %d, undelivered %s -> %s%s", connected, expected, stale, superseded, gaps,
            duplicates, confirmations, undelivered < 0 ? "not checked" : Long.toString(undelivered),
            clean() ? "OK" : "FAILED", missing.isEmpty() ? "" : " (missing " + missing + ")");
    }
}
