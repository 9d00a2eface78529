package io.resilientgateways.aeron.it;

import io.resilientgateways.aeron.client.AdminClient;
import io.resilientgateways.aeron.client.AdminClient.NewTask;
import io.resilientgateways.core.RejectionCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Start of day on a real 3-member cluster: an operator adds 3,000 counterparties with one {@code addTasks} call,
 * which goes as a few message-sized {@code AddTasks} commands; the two gateways open half each, every member holds
 * the same state, and a batch holding one existing id is refused whole.
 */
class AddTasksIT extends ClusterTestSupport
{
    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void manyTasksInAFewCommandsAllOrNoneEach()
    {
        startCluster(21_900, 1_000, 1_000);
        final AdminClient admin = admin().operator("alice");
        startGateway("gw-1");
        startGateway("gw-2");
        await(10_000, "two registrations", () -> listeners.values().stream().allMatch((l) -> l.registered > 0));

        final List<NewTask> parties = new ArrayList<>();
        for (int i = 1; i <= 3_000; i++)
        {
            parties.add(NewTask.of(String.format("PARTY-%05d", i), "API_GATEWAY"));
        }
        final AdminClient.BatchReply reply = admin.addTasks(parties);
        assertThat(reply.accepted()).as(reply.toString()).isTrue();
        assertThat(reply.done()).isEqualTo(3_000);
        assertThat(reply.added()).isEqualTo(3_000);
        assertThat(reply.commands()).as("a 16 KiB message holds about 480 of these").isBetween(5, 8);
        await(20_000, "3,000 tasks held", () -> totalHeld() == 3_000);
        assertThat(listeners.get("gw-1").held.size()).isEqualTo(1_500);
        assertThat(listeners.get("gw-2").held.size()).isEqualTo(1_500);
        // the last command's transitions name the operator (the ring of 4,096 no longer holds the first ones)
        final AdminClient.Explanation last = admin.explain("PARTY-03000", 5);
        assertThat(last.transitions()).extracting(AdminClient.HistoryEvent::operator).contains("alice");

        // one existing id refuses the whole command: the new one in it is not added either
        final AdminClient.BatchReply refused = admin.addTasks(List.of(
            NewTask.of("PARTY-03001", "API_GATEWAY"), NewTask.of("PARTY-00042", "API_GATEWAY")));
        assertThat(refused.accepted()).isFalse();
        assertThat(refused.done()).isZero();
        assertThat(refused.added()).isZero();
        assertThat(refused.commands()).isEqualTo(1);
        assertThat(refused.reply().code()).isEqualTo(RejectionCode.DUPLICATE_TASK.value());
        assertThat(admin.describe().tasks()).isEqualTo(3_000);

        // the whole load sent again with skipExisting (as after a timeout): only what is missing is added
        parties.add(NewTask.of("PARTY-03001", "API_GATEWAY"));
        final AdminClient.BatchReply again = admin.addTasks(parties, true);
        assertThat(again.accepted()).as(again.toString()).isTrue();
        assertThat(again.done()).isEqualTo(3_001);
        assertThat(again.added()).isEqualTo(1);
        await(10_000, "3,001 tasks held", () -> totalHeld() == 3_001);
        assertThatThrownBy(() -> admin.addTasks(List.of(NewTask.of("x".repeat(65)))))
            .isInstanceOf(IllegalArgumentException.class);

        cluster.snapshot(10_000);
        final byte[] leader = cluster.service(0).component().lastSnapshotBytes();
        assertThat(cluster.service(1).component().lastSnapshotBytes()).isEqualTo(leader);
        assertThat(cluster.service(2).component().lastSnapshotBytes()).isEqualTo(leader);
    }
}
