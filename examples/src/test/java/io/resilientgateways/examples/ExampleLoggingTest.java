package io.resilientgateways.examples;

import org.junit.jupiter.api.Test;

import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

class ExampleLoggingTest
{
    @Test
    void oneLinePerRecordWithAUtcTimestampLevelProcessAndLogger()
    {
        final LogRecord record = new LogRecord(Level.WARNING, "member {0} stalled:\nno election");
        record.setParameters(new Object[] {2});
        record.setLoggerName("io.resilientgateways.aeron.node.BalancerNode");
        record.setMillis(1_796_060_401_123L);
        final String line = new ExampleLogging.LineFormatter("node 2").format(record);
        assertThat(line).isEqualTo("2026-11-30T17:40:01.123Z WARNING node_2 io.resilientgateways.aeron.node.BalancerNode " +
            "member 2 stalled: no election" + System.lineSeparator());
    }

    @Test
    void aThrowableFollowsOnTheNextLines()
    {
        final LogRecord record = new LogRecord(Level.SEVERE, "failed");
        record.setThrown(new IllegalStateException("boom"));
        final String text = new ExampleLogging.LineFormatter("gw-1").format(record);
        assertThat(text.lines().findFirst().orElseThrow()).matches(
            "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z SEVERE gw-1 - failed");
        assertThat(text).contains("java.lang.IllegalStateException: boom");
    }
}
