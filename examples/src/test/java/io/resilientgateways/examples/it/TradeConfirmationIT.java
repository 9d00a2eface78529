package io.resilientgateways.examples.it;

import io.resilientgateways.examples.TradeConfirmationDemo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's scenario with shorter steady phases, on a real 3-node cluster with gateway JVMs killed by SIGKILL and a
 * TCP counterparty: the verdict must be clean (no stale connection, gap or duplicate) with every party connected,
 * every booked confirmation accepted, nothing moved by the leader's loss, and nothing left behind.
 */
class TradeConfirmationIT
{
    private static final long SESSION_TIMEOUT_MS = 2_000;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void demoScenarioEndsWithACleanVerdict() throws Exception
    {
        final TradeConfirmationDemo.Result result;
        try (TradeConfirmationDemo demo = new TradeConfirmationDemo(
            TradeConfirmationDemo.Options.defaults(System.out).withBasePort(22200).withSteadyMs(600)
                // Twice the demo's session timeout, so the leader election fits the gateway lease (1.6 s) with room
                // to spare on a slow or loaded CI machine; the demo itself shows the tight 1 s figures.
                .withTimeouts(SESSION_TIMEOUT_MS, 200, 20, 50, 400)))
        {
            result = demo.run();
        }
        assertThat(result.failures()).isEmpty();
        assertThat(result.verdict().clean()).as(result.verdict().toString()).isTrue();
        assertThat(result.verdict().connected()).isEqualTo(12);
        assertThat(result.verdict().stale()).isZero();
        assertThat(result.verdict().gaps()).isZero();
        assertThat(result.verdict().duplicates()).isZero();
        assertThat(result.verdict().confirmations()).isEqualTo(result.booked()).isPositive();
        assertThat(result.failoverMs()).isLessThan(3 * SESSION_TIMEOUT_MS);
        assertThat(result.ok()).isTrue();
        final File[] leftovers = new File("/dev/shm").listFiles((dir, name) -> name.startsWith("aeron-rg-22200"));
        assertThat(null == leftovers ? 0 : leftovers.length).isZero();
        final File[] dataLeftovers = new File(System.getProperty("java.io.tmpdir"))
            .listFiles((dir, name) -> name.startsWith("rg-22200-"));
        assertThat(null == dataLeftovers ? 0 : dataLeftovers.length).isZero();
    }
}
