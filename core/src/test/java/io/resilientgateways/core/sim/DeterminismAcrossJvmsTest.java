package io.resilientgateways.core.sim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property (d) across processes: a fresh JVM (a different identity hash code algorithm, its own JIT) produces the
 * identical directive stream and snapshot bytes for the same seeds.
 */
class DeterminismAcrossJvmsTest
{
    private static final int SEEDS = 100;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void freshJvmGivesIdenticalOutputs() throws IOException, InterruptedException
    {
        final List<String> here = new ArrayList<>();
        for (long seed = 1; seed <= SEEDS; seed++)
        {
            here.add(seed + " " + SimulationDigest.digest(seed));
        }

        final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        final Process child = new ProcessBuilder(
            java.toString(), "-XX:+UseSerialGC", "-XX:+UnlockExperimentalVMOptions", "-XX:hashCode=2",
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"),
            SimulationDigest.class.getName(), "1", String.valueOf(SEEDS))
            .redirectErrorStream(true)
            .start();
        try
        {
            final String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).as(output).isZero();
            assertThat(output.lines().toList()).isEqualTo(here);
        }
        finally
        {
            child.destroyForcibly();
        }
    }
}
