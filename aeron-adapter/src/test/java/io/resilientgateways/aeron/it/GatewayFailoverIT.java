package io.resilientgateways.aeron.it;

import io.resilientgateways.aeron.client.AdminClient;
import io.resilientgateways.aeron.client.GatewayClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gateways against a real 3-node cluster: registration, exactly-once opening, SIGKILL of a gateway JVM, graceful
 * stop.
 */
class GatewayFailoverIT extends ClusterTestSupport
{
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyTaskIsOpenedExactlyOnce()
    {
        startCluster(21000, 1_000, 1_000);
        final AdminClient admin = admin();
        startGateway("gw-1");
        startGateway("gw-2");
        startGateway("gw-3");
        await(10_000, "three registrations", () -> listeners.values().stream().allMatch((l) -> l.registered > 0));
        addTasks(admin, 12);

        await(10_000, "12 tasks open", () -> totalHeld() == 12 &&
            admin.assignments().stream().allMatch((a) -> a.status().equals("OPEN")));

        final Set<String> seen = new HashSet<>();
        for (final RecordingListener l : listeners.values())
        {
            assertThat(l.count("OPEN")).isEqualTo(l.held.size());
            assertThat(l.count("CLOSE")).isZero();
            for (final String task : l.held.keySet())
            {
                assertThat(seen.add(task)).as("task %s opened twice", task).isTrue();
            }
            assertThat(l.held).isNotEmpty();
        }
        for (final AdminClient.AssignmentRecord a : admin.assignments())
        {
            assertThat(listeners.get(a.owner()).held).containsEntry(a.task(), a.epoch());
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void tasksOfASigkilledGatewayJvmReopenOnSurvivors() throws Exception
    {
        startCluster(21100, 1_000, 1_000);
        final AdminClient admin = admin();
        startGateway("gw-1");
        startGateway("gw-2");
        final GatewayChild child = new GatewayChild("gw-kill", cluster.ingressEndpoints(), "gateway:gw-kill:pw-kill",
            cluster.newAeronDirectoryName("child"), sessionTimeoutMs, 100);
        closeables.add(child);
        await(20_000, "three registrations", () ->
        {
            admin.poll(); // the admin's session is idle while the child JVM starts: keep it alive
            return child.registered && listeners.values().stream().allMatch((l) -> l.registered > 0);
        });
        addTasks(admin, 12);
        await(10_000, "12 tasks open", () -> totalHeld() + child.held.size() == 12 &&
            admin.assignments().stream().allMatch((a) -> a.status().equals("OPEN")));
        final Map<String, Long> victims = Map.copyOf(child.held);
        assertThat(victims).isNotEmpty();

        final long killedAt = System.nanoTime();
        child.kill();
        await(3 * sessionTimeoutMs + 2_000, "the killed gateway's tasks to reopen", () -> victims.keySet().stream()
            .allMatch((task) -> listeners.values().stream().anyMatch((l) -> l.held.containsKey(task))));
        final long reopenedAt = listeners.values().stream()
            .flatMap((l) -> l.events.stream())
            .filter((e) -> e.kind().equals("OPEN") && victims.containsKey(e.task()))
            .mapToLong(RecordingListener.Event::nanoTime).max().orElseThrow();
        final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(reopenedAt - killedAt);
        System.out.println("SIGKILL -> survivor open of all " + victims.size() + " tasks: " + elapsedMs +
            " ms (session timeout " + sessionTimeoutMs + " ms)");
        assertThat(elapsedMs).isLessThan(3 * sessionTimeoutMs);
        for (final String task : victims.keySet())
        {
            final long newEpoch = listeners.values().stream().filter((l) -> l.held.containsKey(task))
                .findFirst().orElseThrow().held.get(task);
            assertThat(newEpoch).isGreaterThan(victims.get(task));
        }
        assertThat(totalHeld()).isEqualTo(12);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void gracefulStopMovesTasksAtOnce()
    {
        startCluster(21200, 5_000, 1_000);
        final AdminClient admin = admin();
        final GatewayClient gw1 = startGateway("gw-1");
        startGateway("gw-2");
        await(10_000, "two registrations", () -> listeners.values().stream().allMatch((l) -> l.registered > 0));
        addTasks(admin, 8);
        await(10_000, "8 tasks open", () -> totalHeld() == 8 &&
            admin.assignments().stream().allMatch((a) -> a.status().equals("OPEN")));
        assertThat(listeners.get("gw-1").held).isNotEmpty();

        final long stoppedAt = System.nanoTime();
        gw1.close();
        await(10_000, "gw-2 to hold all 8", () -> listeners.get("gw-2").held.size() == 8);
        final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt);
        System.out.println("graceful stop -> all tasks on gw-2: " + elapsedMs + " ms (session timeout " +
            sessionTimeoutMs + " ms)");
        assertThat(elapsedMs).isLessThan(sessionTimeoutMs / 2);
        assertThat(listeners.get("gw-1").held).isEmpty();
        assertThat(listeners.get("gw-1").fenced).isZero();
    }
}
