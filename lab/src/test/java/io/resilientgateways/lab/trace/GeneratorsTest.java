package io.resilientgateways.lab.trace;

import io.resilientgateways.lab.trace.Generators.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GeneratorsTest
{
    @ParameterizedTest
    @EnumSource(Shape.class)
    void sameSeedSameBytesAndTheTraceReadsBack(final Shape shape) throws TraceFormatException
    {
        final String a = TraceWriter.toText(Generators.generate(shape, 9, 200, 42));
        final String b = TraceWriter.toText(Generators.generate(shape, 9, 200, 42));
        final String other = TraceWriter.toText(Generators.generate(shape, 9, 200, 43));

        assertThat(a).isEqualTo(b);
        assertThat(other).as("another seed gives another history").isNotEqualTo(a);
        final Trace back = TraceReader.parse(a); // also checks every event fits the ones before
        assertThat(TraceWriter.toText(back)).isEqualTo(a);
        assertThat(back.header().source()).isEqualTo("generator " + shape.label() + " seed=42 workers=9 tasks=200");
    }

    @Test
    void labelsRoundTrip()
    {
        for (final Shape s : Shape.values())
        {
            assertThat(Shape.of(s.label())).isEqualTo(s);
        }
    }

    @Test
    void zoneLossTakesAThirdOfTheWorkersAllOfOneZone()
    {
        final Trace t = Generators.generate(Shape.ZONE_LOSS, 9, 90, 1);
        final List<TraceEvent.Leave> leaves = t.events().stream()
            .filter(TraceEvent.Leave.class::isInstance).map(TraceEvent.Leave.class::cast).toList();
        assertThat(leaves).hasSize(3);
        assertThat(leaves).extracting((l) -> l.worker().name()).containsExactlyInAnyOrder("gw-03", "gw-06", "gw-09");
    }

    @Test
    void coldStartAddsTasksBeforeStaggeredJoinsAndGraceShapeSetsTheGracePeriod()
    {
        final Trace t = Generators.generate(Shape.COLD_START, 5, 50, 3);
        assertThat(t.events().get(0)).isInstanceOf(TraceEvent.Add.class);
        final List<Long> joins = t.events().stream().filter(TraceEvent.Join.class::isInstance)
            .map(TraceEvent::time).toList();
        assertThat(joins).hasSize(5).isSorted();
        for (int i = 1; i < joins.size(); i++)
        {
            assertThat(joins.get(i) - joins.get(i - 1)).isBetween(2_000L, 4_000L);
        }
        assertThat(Generators.generate(Shape.ROLLING_RESTART_GRACE, 5, 50, 3).header().gracePeriodMs())
            .isEqualTo(5_000);
        assertThat(Generators.generate(Shape.ROLLING_RESTART, 5, 50, 3).header().gracePeriodMs()).isZero();
    }

    @Test
    void hotPartiesAreSkewed()
    {
        final Trace t = Generators.generate(Shape.HOT_PARTIES, 6, 300, 1);
        final List<Integer> weights = t.events().stream().filter(TraceEvent.Add.class::isInstance)
            .map((e) -> ((TraceEvent.Add)e).spec().weight()).sorted().toList();
        assertThat(weights.get(weights.size() - 1)).isEqualTo(100);
        assertThat(weights.get(weights.size() / 2)).isEqualTo(1);
    }
}
