package io.resilientgateways.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Older snapshot formats keep loading. {@code snapshots/format-v1.b64} was written by the format 1 engine (before
 * releases) under {@code gracePeriod(1_000).handoffTimeout(500)}; {@code format-v1.txt} is what it held.
 * {@code format-v2.b64} was written by the format 2 engine (commit 5faddb3) under {@link #v2Config()}: three workers
 * (one departed within its grace period, one draining), a pending, reserved, closing and stuck task each, a release
 * backoff record, a rebalance timer; {@code format-v2.txt} is what it held (assignments, history, workers, pending
 * reasons), then what that engine did next when restored: the grace timer, a close ack, the backoff timer.
 */
class SnapshotFormatTest
{
    private final RecordingSink sink = new RecordingSink();

    private static String resource(final String name) throws IOException
    {
        try (InputStream in = SnapshotFormatTest.class.getResourceAsStream("/snapshots/" + name))
        {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static BalancerConfig v1Config()
    {
        return new BalancerConfig().gracePeriod(1_000).handoffTimeout(500);
    }

    @Test
    void formatOneSnapshotRestoresUnderAnyReleaseBackoff() throws IOException
    {
        final byte[] v1 = Base64.getDecoder().decode(resource("format-v1.b64").trim());
        assertThat(v1[5]).as("format version in the file").isEqualTo((byte)1);

        for (final long backoff : new long[]{0, 2_000, 5_000})
        {
            final Balancer restored = Balancer.restore(v1Config().releaseBackoff(backoff), new BasicPolicy(), sink,
                sink, v1);
            final List<String> held = new ArrayList<>();
            restored.assignments().forEach(a -> held.add(a.toString()));
            held.add("--");
            restored.history().forEach(h -> held.add(h.toString()));
            assertThat(held).isEqualTo(resource("format-v1.txt").lines().toList());
            assertThat(sink.drain()).as("restore sends nothing").isEmpty();

            // it carries on: re-written as format 2, which restores to the same bytes
            final byte[] v2 = restored.snapshot();
            assertThat(v2[5]).isEqualTo((byte)SnapshotCodec.FORMAT_VERSION);
            assertThat(Balancer.restore(v1Config().releaseBackoff(backoff), new BasicPolicy(), sink, sink, v2)
                .snapshot()).isEqualTo(v2);
        }
    }

    private static BalancerConfig v2Config()
    {
        return new BalancerConfig().gracePeriod(1_000).handoffTimeout(500).releaseBackoff(2_000).rebalanceDelay(100);
    }

    @Test
    void formatTwoSnapshotRestoresAndCarriesOnAsTheFormatTwoEngineDid() throws IOException
    {
        final byte[] v2 = Base64.getDecoder().decode(resource("format-v2.b64").trim());
        assertThat(v2[5]).as("format version in the file").isEqualTo((byte)2);

        final Balancer restored = Balancer.restore(v2Config(), new BasicPolicy(), sink, sink, v2);
        final List<String> held = new ArrayList<>();
        restored.assignments().forEach(a -> held.add(a.toString()));
        held.add("--");
        restored.history().forEach(h -> held.add(h.toString()));
        held.add("--");
        restored.workers().forEach(w -> held.add(w.toString()));
        held.add("-- pending reasons");
        restored.assignments().forEach(a -> held.add(a.task() + ": " + restored.pendingReason(a.task())));
        assertThat(sink.drain()).as("restore sends nothing").isEmpty();

        // re-written in the current format, it restores to the same bytes
        final byte[] current = restored.snapshot();
        assertThat(current[5]).isEqualTo((byte)SnapshotCodec.FORMAT_VERSION);
        assertThat(Balancer.restore(v2Config(), new BasicPolicy(), sink, sink, current).snapshot()).isEqualTo(current);

        held.add("-- continued");
        held.add(restored.onTimer(1_300, 5).toString());
        held.add(restored.taskClosed(1_310, WorkerId.of("gw-2"), TaskId.of("P7"), 6).toString());
        held.add(restored.onTimer(2_030, 3).toString());
        held.addAll(sink.drain());
        assertThat(held).isEqualTo(resource("format-v2.txt").lines().toList());
    }

    @Test
    void formatOneSnapshotStillChecksTheOtherSettings() throws IOException
    {
        final byte[] v1 = Base64.getDecoder().decode(resource("format-v1.b64").trim());
        assertThatThrownBy(() -> Balancer.restore(v1Config().gracePeriod(0), new BasicPolicy(), sink, sink, v1))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("other settings");
    }

    @Test
    void formatTwoChecksTheReleaseBackoff()
    {
        final Balancer b = new Balancer(new BalancerConfig(), new BasicPolicy(), sink, sink);
        b.registerWorker(1, WorkerSpec.of("gw-1"));
        final byte[] snapshot = b.snapshot();
        assertThatThrownBy(() -> Balancer.restore(new BalancerConfig().releaseBackoff(1), new BasicPolicy(), sink,
            sink, snapshot)).isInstanceOf(IllegalStateException.class).hasMessageContaining("releaseBackoff=1");
    }

    @Test
    void unknownFutureFormatIsRefused()
    {
        final Balancer b = new Balancer(new BalancerConfig(), new BasicPolicy(), sink, sink);
        final byte[] snapshot = b.snapshot();
        snapshot[5] = (byte)(SnapshotCodec.FORMAT_VERSION + 1);
        assertThatThrownBy(() -> Balancer.restore(new BalancerConfig(), new BasicPolicy(), sink, sink, snapshot))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("unsupported");
    }
}
