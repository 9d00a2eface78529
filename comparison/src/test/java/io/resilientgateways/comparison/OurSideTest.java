package io.resilientgateways.comparison;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gateway counts as started only once it has joined the cluster. The example's gateway prints {@code READY} before
 * it connects; when {@code startGateway} returned at {@code READY}, scenario 1's settle window (2 s without a move)
 * could pass while the last gateway was still connecting (3.5-4.5 s from launch to registered on the loaded 2-core
 * machine), and the spread was recorded without it: gw-1=30 gw-2=30.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OurSideTest
{
    @Test
    void startGatewayReturnsOnlyOnceTheGatewayRegistered(@TempDir final Path work) throws Exception
    {
        final OurSide side = new OurSide(Path.of("."), work, 1_000, 27800, 1, 1, 27900,
            LateRegisteringGateway.class.getName());
        try
        {
            final long launched = System.nanoTime();
            final Child gateway = side.startGateway("gw-1");
            final long returnedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - launched);

            final List<String> lines = gateway.lines();
            assertThat(lines).startsWith("READY");
            assertThat(lines).anyMatch((l) -> l.startsWith("REGISTERED "));
            assertThat(returnedMs).isGreaterThanOrEqualTo(LateRegisteringGateway.REGISTER_DELAY_MS);
        }
        finally
        {
            side.close();
        }
    }
}
