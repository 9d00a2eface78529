package io.resilientgateways.aeron.service;

/**
 * Which operator's admin command made which history entries: a bounded ring of {@code [fromSeq, toSeq)} ranges of
 * the engine's history sequence, each with the operator the command named. Part of the snapshot, so every replica
 * and every restart answers the same. Ranges are appended in log order, so they are disjoint and increasing, and a
 * lookup of a recent sequence stops after a step or two.
 * <p>
 * Not thread-safe: the service thread only.
 */
final class AdminAudit
{
    static final int CAPACITY = 1024;

    private final long[] from = new long[CAPACITY];
    private final long[] to = new long[CAPACITY];
    private final String[] operator = new String[CAPACITY];
    private long written;

    /**
     * @param fromSeq      the history sequence before the command.
     * @param toSeq        the history sequence after it.
     * @param operatorName who; an empty name or an empty range is not remembered.
     */
    void record(final long fromSeq, final long toSeq, final String operatorName)
    {
        if (toSeq <= fromSeq || operatorName.isEmpty())
        {
            return;
        }
        final int i = (int)(written % CAPACITY);
        from[i] = fromSeq;
        to[i] = toSeq;
        operator[i] = operatorName;
        written++;
    }

    /**
     * @param seq a history sequence.
     * @return the operator whose command made it, or empty.
     */
    String operatorOf(final long seq)
    {
        for (int k = size() - 1; k >= 0; k--)
        {
            final int i = index(k);
            if (to[i] <= seq)
            {
                return "";
            }
            if (from[i] <= seq)
            {
                return operator[i];
            }
        }
        return "";
    }

    int size()
    {
        return (int)Math.min(written, CAPACITY);
    }

    long fromSeq(final int k)
    {
        return from[index(k)];
    }

    long toSeq(final int k)
    {
        return to[index(k)];
    }

    String operator(final int k)
    {
        return operator[index(k)];
    }

    void clear()
    {
        written = 0;
    }

    /**
     * @param k 0 for the oldest kept range.
     */
    private int index(final int k)
    {
        return (int)((written - size() + k) % CAPACITY);
    }
}
