package io.resilientgateways.comparison;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Which gateway held each party's counterparty connection over time, as the referee saw it: one entry per change.
 * Times are {@link System#nanoTime()} values; a null holder means no open connection (the party is dark).
 * Not thread-safe: the referee guards it.
 */
final class HolderLog
{
    private record Change(long timeNs, String holder)
    {
    }

    private final TreeMap<String, List<Change>> changes = new TreeMap<>();

    /**
     * @param parties every party, dark from {@code startNs}.
     * @param startNs when observation began.
     */
    HolderLog(final List<String> parties, final long startNs)
    {
        for (final String party : parties)
        {
            final List<Change> list = new ArrayList<>();
            list.add(new Change(startNs, null));
            changes.put(party, list);
        }
    }

    /**
     * @param party  a party.
     * @param timeNs when the holder was observed (not before the previous observation).
     * @param holder its holder, or null.
     * @return true if this was a change.
     */
    boolean observe(final String party, final long timeNs, final String holder)
    {
        final List<Change> list = changes.get(party);
        if (Objects.equals(list.get(list.size() - 1).holder(), holder))
        {
            return false;
        }
        list.add(new Change(timeNs, holder));
        return true;
    }

    List<String> parties()
    {
        return new ArrayList<>(changes.keySet());
    }

    String holderAt(final String party, final long timeNs)
    {
        String holder = null;
        for (final Change c : changes.get(party))
        {
            if (c.timeNs() > timeNs)
            {
                break;
            }
            holder = c.holder();
        }
        return holder;
    }

    /**
     * @param timeNs a time.
     * @return parties held per gateway at that time (sorted by gateway name, dark parties under "none").
     */
    TreeMap<String, Integer> spreadAt(final long timeNs)
    {
        final TreeMap<String, Integer> spread = new TreeMap<>();
        for (final String party : changes.keySet())
        {
            final String holder = holderAt(party, timeNs);
            spread.merge(null == holder ? "none" : holder, 1, Integer::sum);
        }
        return spread;
    }

    /**
     * @param fromNs start of the window.
     * @param toNs   end of the window.
     * @return for each party, how long within the window it had no open connection.
     */
    TreeMap<String, Long> darkNs(final long fromNs, final long toNs)
    {
        final TreeMap<String, Long> dark = new TreeMap<>();
        for (final Map.Entry<String, List<Change>> e : changes.entrySet())
        {
            long total = 0;
            final List<Change> list = e.getValue();
            for (int i = 0; i < list.size(); i++)
            {
                final Change c = list.get(i);
                final long start = Math.max(fromNs, c.timeNs());
                final long end = Math.min(toNs, i + 1 < list.size() ? list.get(i + 1).timeNs() : toNs);
                if (null == c.holder() && end > start)
                {
                    total += end - start;
                }
            }
            dark.put(e.getKey(), total);
        }
        return dark;
    }

    /**
     * @param party    a party.
     * @param excluded the gateway it is moving away from.
     * @param fromNs   from when.
     * @return the first time at or after {@code fromNs} at which a gateway other than {@code excluded} held it, or
     *         -1 if none has (yet).
     */
    long firstHeldElsewhere(final String party, final String excluded, final long fromNs)
    {
        final String atStart = holderAt(party, fromNs);
        if (null != atStart && !atStart.equals(excluded))
        {
            return fromNs;
        }
        for (final Change c : changes.get(party))
        {
            if (c.timeNs() >= fromNs && null != c.holder() && !c.holder().equals(excluded))
            {
                return c.timeNs();
            }
        }
        return -1;
    }

    /**
     * @param fromNs start.
     * @return holder changes at or after that time, over all parties.
     */
    int changesSince(final long fromNs)
    {
        int n = 0;
        for (final List<Change> list : changes.values())
        {
            for (final Change c : list)
            {
                if (c.timeNs() >= fromNs)
                {
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * @return the time of the latest change over all parties.
     */
    long lastChangeNs()
    {
        long last = Long.MIN_VALUE;
        for (final List<Change> list : changes.values())
        {
            last = Math.max(last, list.get(list.size() - 1).timeNs());
        }
        return last;
    }
}
