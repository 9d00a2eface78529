package io.resilientgateways.examples.chaos;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The chaos suite (see {@link ChaosRun} and docs/reliability.md). By default the short variant of {@code ./mvnw
 * verify}: every fault type ({@code chaos.faults=ALL}, see {@link #faultNames}) once in a seeded order, then more
 * drawn from the seed until the fault phase
 * ({@code -Dchaos.seconds}, default 45) is over. The long variant:
 * {@code flock /tmp/rg-heavy.lock ./mvnw -pl examples -am verify -Dit.test=ChaosIT -Dchaos.seconds=600 -Dtest=NONE
 * -Dsurefire.failIfNoSpecifiedTests=false}. Other properties: {@code chaos.seed} (replay a run), {@code chaos.faults}
 * (GATEWAYS, NO_LEADER_PAUSE, ALL, or comma-separated fault names), {@code chaos.gateways}, {@code chaos.sessionTimeoutMs}, {@code chaos.fenceMarginMs},
 * {@code chaos.leaderHeartbeatTimeoutMs}, {@code chaos.echo=true} (every process's output). Writes the table to
 * {@code target/chaos-report.md}.
 */
class ChaosIT
{
    @Test
    void faultsFromASeedKeepEveryPromise() throws Exception
    {
        final long seed = Long.getLong("chaos.seed", System.nanoTime() & 0xFFFF_FFFFL);
        final long seconds = Long.getLong("chaos.seconds", 45);
        final List<ChaosRun.Fault> faults = new ArrayList<>();
        for (final String name : faultNames(System.getProperty("chaos.faults", "ALL")).split(","))
        {
            faults.add(ChaosRun.Fault.valueOf(name.trim()));
        }
        final long sessionTimeoutMs = Long.getLong("chaos.sessionTimeoutMs", 2_000);
        final ChaosRun.Options options = new ChaosRun.Options(seed, seconds * 1_000, faults,
            Integer.getInteger("chaos.gateways", 3), 12, 20, Integer.getInteger("chaos.basePort", 30000),
            sessionTimeoutMs, Long.getLong("chaos.fenceMarginMs", sessionTimeoutMs / 5),
            Long.getLong("chaos.leaderHeartbeatTimeoutMs", 500), Long.getLong("chaos.leaderHeartbeatIntervalMs", 50),
            Long.getLong("chaos.electionTimeoutMs", 100), Long.getLong("chaos.slowAnswerMs", 200),
            Boolean.getBoolean("chaos.echo"), System.out);
        System.out.println("CHAOS seed " + seed + " (replay: -Dchaos.seed=" + seed + "), fault phase " + seconds +
            " s, faults " + faults + ", " + options);
        final AtomicReference<ChaosRun.Outcome> outcome = new AtomicReference<>();
        final long started = System.nanoTime();
        assertTimeoutPreemptively(Duration.ofSeconds(seconds + 300), () ->
        {
            try (ChaosRun run = new ChaosRun(options))
            {
                outcome.set(run.run());
            }
        });
        final String table = ChaosRun.table(outcome.get());
        final String report = "seed " + seed + ", fault phase " + seconds + " s, run " +
            (System.nanoTime() - started) / 1_000_000_000 + " s, session timeout " + sessionTimeoutMs +
            " ms, lease " + options.leaseMs() + " ms, leader heartbeat timeout " +
            options.leaderHeartbeatTimeoutMs() + " ms, " + options.gateways() + " gateways, " +
            Runtime.getRuntime().availableProcessors() + " cores\n\n" + table;
        System.out.println(report);
        Files.writeString(new File("target/chaos-report.md").toPath(), report, StandardCharsets.UTF_8);
        assertThat(outcome.get().pass()).as(report).isTrue();
    }

    /**
     * Named sets, or a comma-separated list of fault names. {@code ALL} (the default: the verify variant and
     * scripts/chaos.sh): every fault type (their runs on 2 cores: docs/reliability.md, "Last runs").
     * {@code GATEWAYS}: the faults of gateways and of the counterparty only. {@code NO_LEADER_PAUSE}: those plus
     * member kills and restarts.
     */
    private static String faultNames(final String property)
    {
        final StringBuilder sb = new StringBuilder();
        for (final ChaosRun.Fault f : ChaosRun.Fault.values())
        {
            final boolean member = f.name().startsWith("LEADER_") || f.name().contains("_LEADER_") ||
                f == ChaosRun.Fault.FOLLOWER_KILL;
            final boolean pause = f == ChaosRun.Fault.LEADER_PAUSE_SHORT || f == ChaosRun.Fault.LEADER_PAUSE_LONG;
            final boolean wanted = switch (property)
            {
                case "ALL" -> true;
                case "NO_LEADER_PAUSE" -> !pause;
                case "GATEWAYS" -> !member;
                default -> false;
            };
            if (wanted)
            {
                sb.append(sb.length() == 0 ? "" : ",").append(f.name());
            }
        }
        return sb.length() == 0 ? property : sb.toString();
    }
}
