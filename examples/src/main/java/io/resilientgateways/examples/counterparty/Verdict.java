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
    long confirmations)
{
    /**
     * @return true if every expected party is connected and nothing stale, missing or repeated was seen.
     */
    public boolean clean()
    {
        return connected == expected && stale == 0 && gaps == 0 && duplicates == 0;
    }

    @Override
    public String toString()
    {
        return String.format("parties connected %d/%d, stale connections %d, superseded %d, gaps %d, duplicates %d, " +
            "confirmations accepted %d -> %s%s", connected, expected, stale, superseded, gaps, duplicates,
            confirmations, clean() ? "OK" : "FAILED", missing.isEmpty() ? "" : " (missing " + missing + ")");
    }
}
