package io.resilientgateways.examples;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class SimulatedDemoTest
{
    @Test
    void scenarioEndsEvenAndClean()
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final boolean ok = SimulatedDemo.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        final String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(ok).as(out).isTrue();
        assertThat(out)
            .contains("after staggered starts: gw-1=4 gw-2=4 gw-3=4")
            .contains("after failover: gw-1=6 gw-3=6")
            .contains("gw-2 back: gw-1=4 gw-2=4 gw-3=4")
            .contains("gw-3 drained: gw-1=6 gw-2=6 gw-3=0")
            .contains("reopened on gw-1 1005 ms after gw-2 was killed");
    }
}
