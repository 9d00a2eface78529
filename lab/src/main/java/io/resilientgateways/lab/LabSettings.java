package io.resilientgateways.lab;

/**
 * How the lab simulates the workers and measures. Acknowledgement delays are drawn uniformly from their ranges by a
 * generator seeded with {@code seed}, in the order the engine sends directives: the same trace, strategy and settings
 * give the same replay.
 *
 * @param seed          seeds the acknowledgement delays.
 * @param openAckMinMs  shortest delay from an open directive to its acknowledgement (the connection is up).
 * @param openAckMaxMs  longest.
 * @param closeAckMinMs shortest delay from a close directive to its acknowledgement.
 * @param closeAckMaxMs longest.
 * @param flapWindowMs  a move that returns a task to a worker that held it at most this long ago counts as a flap.
 * @param samples       points on the time axis of the plotted series.
 */
public record LabSettings(
    long seed, long openAckMinMs, long openAckMaxMs, long closeAckMinMs, long closeAckMaxMs, long flapWindowMs,
    int samples)
{
    /**
     * @throws IllegalArgumentException if a range is empty or negative.
     */
    public LabSettings
    {
        if (openAckMinMs < 0 || openAckMaxMs < openAckMinMs || closeAckMinMs < 0 || closeAckMaxMs < closeAckMinMs ||
            flapWindowMs < 0 || samples < 2 || samples > 100_000)
        {
            throw new IllegalArgumentException("bad lab settings: " + this);
        }
    }

    /**
     * @return seed 1, opens acknowledged after 5 to 50 ms, closes after 1 to 10 ms, a 60 s flap window, 600 samples.
     */
    public static LabSettings defaults()
    {
        return new LabSettings(1, 5, 50, 1, 10, 60_000, 600);
    }

    /**
     * @param newSeed the seed.
     * @return a copy with it.
     */
    public LabSettings withSeed(final long newSeed)
    {
        return new LabSettings(
            newSeed, openAckMinMs, openAckMaxMs, closeAckMinMs, closeAckMaxMs, flapWindowMs, samples);
    }
}
