package io.resilientgateways.lab.trace;

import io.resilientgateways.core.LeaveReason;
import io.resilientgateways.core.TaskSpec;
import io.resilientgateways.core.WorkerId;
import io.resilientgateways.core.WorkerSpec;
import io.resilientgateways.lab.trace.TraceFormatException.Kind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TraceFormatTest
{
    private static final String HEADER =
        "{\"format\":\"resilient-gateways-trace\",\"version\":1,\"source\":\"test\"," +
        "\"engine\":{\"gracePeriodMs\":0,\"rebalanceDelayMs\":0,\"maxMovesPerRound\":10000},\"notes\":[]}\n";
    private static final String JOIN =
        "{\"t\":0,\"type\":\"join\",\"worker\":\"gw-1\",\"capabilities\":[\"API_GATEWAY\"],\"capacity\":1}\n";

    @Test
    void everyEventTypeRoundTripsToTheSameBytes() throws TraceFormatException
    {
        final Trace trace = new Trace(TraceHeader.of("hand \"made\"").withGracePeriodMs(500).withNotes(List.of("n1")),
            List.of(
                new TraceEvent.Join(0, WorkerSpec.of("gw-1", "API_GATEWAY", "zone=a").withCapacity(2)),
                new TraceEvent.Add(0, TaskSpec.of("PARTY-1", "API_GATEWAY").withWeight(7)),
                new TraceEvent.Drain(10, WorkerId.of("gw-1")),
                new TraceEvent.Capacity(11, WorkerId.of("gw-1"), 3),
                new TraceEvent.Leave(12, WorkerId.of("gw-1"), LeaveReason.SESSION_TIMEOUT),
                new TraceEvent.Remove(13, TaskSpec.of("PARTY-1").id())));
        final String text = TraceWriter.toText(trace);
        final Trace back = TraceReader.parse(text);

        assertThat(back).isEqualTo(trace);
        assertThat(TraceWriter.toText(back)).isEqualTo(text);
        assertThat(text.lines().toList().get(0)).startsWith("{\"format\":\"resilient-gateways-trace\",\"version\":1,");
        assertThat(text).contains("{\"t\":12,\"type\":\"leave\",\"worker\":\"gw-1\",\"reason\":\"session-timeout\"}\n");
    }

    @Test
    void defaultsForOptionalFieldsAndBlankLinesSkipped() throws TraceFormatException
    {
        final Trace trace = TraceReader.parse("{\"format\":\"resilient-gateways-trace\",\"version\":1}\n\n" +
            "{\"t\":5,\"type\":\"join\",\"worker\":\"gw-1\",\"extra\":true}\n" +
            "{\"t\":5,\"type\":\"add\",\"task\":\"P\"}\n");

        assertThat(trace.header().maxMovesPerRound()).isEqualTo(10_000);
        assertThat(trace.events()).containsExactly(
            new TraceEvent.Join(5, WorkerSpec.of("gw-1")), new TraceEvent.Add(5, TaskSpec.of("P")));
    }

    @Test
    void malformedLinesAreRejectedWithTheirLineAndKind()
    {
        rejects("", 1, Kind.NO_HEADER);
        rejects("{\"t\":0,\"type\":\"join\",\"worker\":\"gw-1\"}\n", 1, Kind.NO_HEADER);
        rejects(HEADER.replace("\"version\":1", "\"version\":2"), 1, Kind.UNSUPPORTED_VERSION);
        rejects(HEADER + JOIN + "{\"t\":1,\"type\":\"join\",\"worker\":\n", 3, Kind.SYNTAX);
        rejects(HEADER + "[1,2]\n", 2, Kind.SYNTAX);
        rejects(HEADER + "{\"type\":\"join\",\"worker\":\"gw-1\"}\n", 2, Kind.MISSING_FIELD);
        rejects(HEADER + "{\"t\":0,\"type\":\"join\"}\n", 2, Kind.MISSING_FIELD);
        rejects(HEADER + "{\"t\":-1,\"type\":\"join\",\"worker\":\"gw-1\"}\n", 2, Kind.BAD_VALUE);
        rejects(HEADER + "{\"t\":\"0\",\"type\":\"join\",\"worker\":\"gw-1\"}\n", 2, Kind.BAD_VALUE);
        rejects(HEADER + "{\"t\":0,\"type\":\"join\",\"worker\":\"gw-1\",\"capacity\":0}\n", 2, Kind.BAD_VALUE);
        rejects(HEADER + "{\"t\":0,\"type\":\"join\",\"worker\":\"gw 1\"}\n", 2, Kind.BAD_VALUE);
        rejects(HEADER + "{\"t\":0,\"type\":\"add\",\"task\":\"P\",\"weight\":1.5}\n", 2, Kind.BAD_VALUE);
        rejects(HEADER + "{\"t\":0,\"type\":\"add\",\"task\":\"P\",\"requires\":\"FIX\"}\n", 2, Kind.BAD_VALUE);
        rejects(HEADER + JOIN + "{\"t\":1,\"type\":\"leave\",\"worker\":\"gw-1\",\"reason\":\"bored\"}\n", 3,
            Kind.BAD_VALUE);
        rejects(HEADER + "{\"t\":0,\"type\":\"explode\"}\n", 2, Kind.UNKNOWN_TYPE);
        rejects(HEADER + "{\"t\":5,\"type\":\"add\",\"task\":\"P\"}\n{\"t\":4,\"type\":\"add\",\"task\":\"Q\"}\n", 3,
            Kind.TIME_BACKWARDS);
        rejects(HEADER + JOIN + JOIN, 3, Kind.INCONSISTENT);
        rejects(HEADER + "{\"t\":0,\"type\":\"drain\",\"worker\":\"gw-9\"}\n", 2, Kind.INCONSISTENT);
        rejects(HEADER + JOIN + "{\"t\":1,\"type\":\"leave\",\"worker\":\"gw-1\",\"reason\":\"deregistered\"}\n" +
            "{\"t\":2,\"type\":\"capacity\",\"worker\":\"gw-1\",\"capacity\":2}\n", 4, Kind.INCONSISTENT);
        rejects(HEADER + "{\"t\":0,\"type\":\"remove\",\"task\":\"P\"}\n", 2, Kind.INCONSISTENT);
        rejects(HEADER + "{\"t\":0,\"type\":\"add\",\"task\":\"P\"}\n{\"t\":0,\"type\":\"add\",\"task\":\"P\"}\n", 3,
            Kind.INCONSISTENT);
    }

    private static void rejects(final String text, final long line, final Kind kind)
    {
        assertThatThrownBy(() -> TraceReader.parse(text))
            .isInstanceOfSatisfying(TraceFormatException.class, (ex) ->
            {
                assertThat(ex.kind()).as(ex.getMessage()).isEqualTo(kind);
                assertThat(ex.line()).as(ex.getMessage()).isEqualTo(line);
                assertThat(ex.getMessage()).startsWith("line " + line + ": " + kind);
            });
    }
}
