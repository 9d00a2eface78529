package io.resilientgateways.aeron.service;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The component's snapshot section through a real Aeron image, as the cluster hands it to {@code onStart}: an engine
 * state larger than the publication's MTU is written in {@code SnapshotChunk}s that Aeron splits into fragments, and
 * loads back byte for byte (before the loader reassembled fragments, it failed with "foreign message inside the
 * balancer's snapshot section", so a cluster with more than a few tasks could not restart from its snapshot).
 */
class SnapshotImageIT
{
    private MediaDriver driver;
    private Aeron aeron;

    @AfterEach
    void close()
    {
        CloseHelper.quietCloseAll(aeron, driver);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void anEngineStateLargerThanTheMtuLoadsBackWhole()
    {
        final String dir = (new File("/dev/shm").isDirectory() ? "/dev/shm" : System.getProperty("java.io.tmpdir")) +
            File.separator + "rg-snapshot-image-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
            .aeronDirectoryName(dir)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new SleepingMillisIdleStrategy(1))
            .asyncExecutorEnabled(false)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
        // the snapshot channel the cluster uses by default, with the MTU of every Aeron channel unless set (1408)
        final Subscription subscription = aeron.addSubscription("aeron:ipc?alias=snapshot|term-length=64k", 7);
        final ExclusivePublication publication =
            aeron.addExclusivePublication("aeron:ipc?alias=snapshot|term-length=64k", 7);
        final SleepingMillisIdleStrategy idle = new SleepingMillisIdleStrategy(1);
        while (!publication.isConnected() || 0 == subscription.imageCount())
        {
            idle.idle();
        }
        assertThat(publication.maxPayloadLength()).isLessThan(ComponentSnapshot.CHUNK_LENGTH);

        final FakeCluster cluster = new FakeCluster();
        final BalancerServiceComponent writer = component();
        writer.onStart(cluster, null);
        final byte[] engine = new byte[3 * ComponentSnapshot.CHUNK_LENGTH + 123];
        for (int i = 0; i < engine.length; i++)
        {
            engine[i] = (byte)(i * 31 + 7);
        }
        new ComponentSnapshot(writer).write(publication, engine, idle);

        final Image image = subscription.imageAtIndex(0);
        final byte[] loaded = new ComponentSnapshot(component()).load(ComponentSnapshot.source(image), idle);
        assertThat(loaded).isEqualTo(engine);
    }

    private static BalancerServiceComponent component()
    {
        return new BalancerServiceComponent(new BalancerServiceContext().sessionTimeoutMs(1_000));
    }
}
