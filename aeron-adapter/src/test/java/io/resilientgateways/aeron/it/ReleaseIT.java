package io.resilientgateways.aeron.it;

import io.resilientgateways.aeron.client.AdminClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gateway hands a task back, both ways: refusing an open ({@code OpenCompletion.refused}) and releasing an
 * open task ({@code GatewayClient.release}). The other gateway gets it each time, under a higher epoch; the one that
 * released it is not asked again within the release backoff, and its {@code onClose} is not called for it.
 */
class ReleaseIT extends ClusterTestSupport
{
    private static final String PARTY = "PARTY-01";

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aReleasedTaskGoesToTheOtherGatewayUnderAHigherEpoch()
    {
        startCluster(21800, 1_000, 1_000);
        final AdminClient admin = admin();
        startGateway("gw-1");
        listeners.get("gw-1").refuseOnce.add(PARTY);   // the counterparty refuses gw-1's epoch as stale
        startGateway("gw-2");
        awaitPolling(admin, "two registrations",
            () -> listeners.values().stream().allMatch((l) -> l.registered > 0));

        addTasks(admin, 1);   // the basic policy places it on gw-1 (equal load, lower name)
        awaitPolling(admin, "gw-1 refuses it", () -> listeners.get("gw-1").count("REFUSED") == 1);
        final long refusedEpoch = epochOf("gw-1", "REFUSED");
        awaitPolling(admin, "gw-2 opens it",
            () -> listeners.get("gw-2").held.containsKey(PARTY) && isOpenOn("gw-2", admin));
        final long secondEpoch = listeners.get("gw-2").held.get(PARTY);
        assertThat(secondEpoch).isGreaterThan(refusedEpoch);
        assertThat(listeners.get("gw-1").held).doesNotContainKey(PARTY);
        assertThat(causes(admin)).contains("gw-1 released it");

        // gw-2's connection breaks: it releases the open task; gw-1 gets it back (after gw-1's backoff, if any left)
        listeners.get("gw-2").toRelease.add(PARTY);
        awaitPolling(admin, "gw-1 opens it",
            () -> listeners.get("gw-1").held.containsKey(PARTY) && isOpenOn("gw-1", admin));
        final long thirdEpoch = listeners.get("gw-1").held.get(PARTY);
        assertThat(thirdEpoch).isGreaterThan(secondEpoch);
        assertThat(epochOf("gw-2", "RELEASED")).isEqualTo(secondEpoch);
        assertThat(listeners.get("gw-2").held).doesNotContainKey(PARTY);
        assertThat(listeners.get("gw-2").count("CLOSE")).as("a release is not a close directive").isZero();
        assertThat(causes(admin)).contains("gw-2 released it");
        for (final RecordingListener l : listeners.values())
        {
            assertThat(l.fenced).as("fenced %s", l.name).isZero();
        }
    }

    private static void awaitPolling(final AdminClient admin, final String what, final BooleanSupplier condition)
    {
        await(10_000, what, () ->
        {
            admin.poll(); // keeps the admin session alive (1 s session timeout)
            return condition.getAsBoolean();
        });
    }

    private long epochOf(final String gateway, final String kind)
    {
        return listeners.get(gateway).events.stream().filter((e) -> e.kind().equals(kind) && e.task().equals(PARTY))
            .reduce((a, b) -> b).orElseThrow().epoch();
    }

    private static boolean isOpenOn(final String gateway, final AdminClient admin)
    {
        return admin.assignments().stream().anyMatch((a) -> a.task().equals(PARTY) && a.status().equals("OPEN") &&
            a.owner().equals(gateway));
    }

    private static java.util.List<String> causes(final AdminClient admin)
    {
        return admin.history(PARTY, 0).stream().map(AdminClient.HistoryRecord::cause).toList();
    }
}
