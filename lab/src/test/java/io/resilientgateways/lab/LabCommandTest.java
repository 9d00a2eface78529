package io.resilientgateways.lab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LabCommandTest
{
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void generateThenReplayWritesTheThreeReports(@TempDir final Path dir) throws Exception
    {
        final Path trace = dir.resolve("t.jsonl");
        assertThat(run("generate", "scale-out-in", "--workers", "4", "--tasks", "40", "--seed", "3", "-o",
            trace.toString())).isZero();
        assertThat(Files.readString(trace)).startsWith("{\"format\":\"resilient-gateways-trace\",\"version\":1,");

        assertThat(run("replay", trace.toString(), "--strategies", "sticky,round-robin", "--out",
            dir.resolve("r").toString(), "--no-timings")).as(err.toString()).isZero();

        assertThat(out.toString()).contains("sticky").contains("round-robin").doesNotContain("decide ms");
        assertThat(err.toString()).contains("sticky: 100%").contains("round-robin: 100%");
        assertThat(Files.readString(dir.resolve("r/report.json"))).contains("\"label\" : \"round-robin\"");
        assertThat(Files.readAllLines(dir.resolve("r/report.csv"), StandardCharsets.UTF_8)).hasSize(3);
        assertThat(Files.readString(dir.resolve("r/report.html"))).contains("<div class=\"chart\" id=\"chart-dark\">");
    }

    @Test
    void aPolicyByClassNameIsReplayedToo()
    {
        assertThat(run("replay", "--shape", "cold-start", "--workers", "3", "--tasks", "9", "--strategies", "none",
            "--policy", "io.resilientgateways.core.BasicPolicy", "--quiet")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("basic");
    }

    @Test
    void aMalformedTraceExitsWithOneAndNamesTheLine(@TempDir final Path dir) throws Exception
    {
        final Path trace = dir.resolve("bad.jsonl");
        Files.writeString(trace,
            "{\"format\":\"resilient-gateways-trace\",\"version\":1}\n{\"t\":0,\"type\":\"join\"}\n");
        assertThat(run("replay", trace.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("line 2: MISSING_FIELD: \"worker\"");
    }

    @Test
    void badOptionsExitWithTwo()
    {
        assertThat(run("replay", "--shape", "rolling-restart", "--open-ack-ms", "50..5")).isEqualTo(2);
        assertThat(err.toString()).contains("MIN..MAX");
        assertThat(run("generate", "no-such-shape")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown shape no-such-shape");
        assertThat(run("replay", "--shape", "rolling-restart", "--strategies", "fastest")).isEqualTo(2);
        assertThat(run("replay")).isEqualTo(2);
    }

    private int run(final String... args)
    {
        return LabCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }
}
