package io.resilientgateways.aeron.it;

import io.aeron.Aeron;
import io.resilientgateways.aeron.client.AdminClient;
import io.resilientgateways.aeron.protocol.CounterTypes;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The balancer's figures are Agrona counters that AeronStat (here a {@link CountersReader} on the same directory)
 * reads: the members' in their media drivers, the gateway's in its own.
 */
class CountersIT extends ClusterTestSupport
{
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void membersAndGatewaysPublishTheirFigures()
    {
        startCluster(27_300, 1_000, 1_000);
        final AdminClient admin = admin();
        startGateway("gw-1");
        await(10_000, "registered", () -> listeners.get("gw-1").registered > 0);
        addTasks(admin, 3);
        await(10_000, "3 tasks held", () -> totalHeld() == 3);
        assertThat(admin.addTask("PARTY-01", 1, "API_GATEWAY").accepted()).isFalse(); // DUPLICATE_TASK

        for (int i = 0; i < 3; i++)
        {
            try (Aeron aeron = Aeron.connect(new Aeron.Context()
                .aeronDirectoryName(cluster.node(i).context().aeronDirectoryName())))
            {
                final CountersReader counters = aeron.countersReader();
                final String member = "member " + i;
                await(10_000, member + ": tasks open and a worker",
                    () -> value(counters, CounterTypes.TASKS_OPEN, "") == 3 &&
                    value(counters, CounterTypes.WORKERS, "") == 1);
                assertThat(value(counters, CounterTypes.REJECTIONS, "code=DUPLICATE_TASK")).as(member).isEqualTo(1);
                assertThat(value(counters, CounterTypes.TASKS_PENDING, "")).as(member).isZero();
            }
        }
        try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(cluster.clientAeronDirectoryName())))
        {
            final CountersReader counters = aeron.countersReader();
            await(5_000, "the gateway's held count", () -> value(counters, CounterTypes.GATEWAY_HELD, "gw-1") == 3);
            assertThat(value(counters, CounterTypes.GATEWAY_LEASE_MS, "gw-1")).isEqualTo(800);
            assertThat(value(counters, CounterTypes.GATEWAY_MAX_SILENCE_MS, "gw-1")).isBetween(0L, 800L);
            assertThat(value(counters, CounterTypes.GATEWAY_FENCED, "gw-1")).isZero();
        }
    }

    private static long value(final CountersReader counters, final int typeId, final String labelPart)
    {
        final long[] value = {-1};
        counters.forEach((counterId, type, keyBuffer, label) ->
        {
            if (type == typeId && label.contains(labelPart))
            {
                value[0] = counters.getCounterValue(counterId);
            }
        });
        return value[0];
    }
}
