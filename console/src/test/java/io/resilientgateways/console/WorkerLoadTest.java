package io.resilientgateways.console;

import io.resilientgateways.aeron.client.AdminClient.WorkerRecord;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class WorkerLoadTest
{
    @Test
    void fairShareIsTheLiveWorkersCapacityShareOfTheWeightHeld()
    {
        final List<WorkerLoad> loads = WorkerLoad.of(List.of(
            worker("gw-1", 1, 6, "LIVE"),
            worker("gw-2", 2, 4, "LIVE"),
            worker("gw-3", 1, 2, "DRAINING"),
            worker("gw-4", 5, 0, "DEPARTED")));
        assertThat(loads).extracting(WorkerLoad::name).containsExactly("gw-1", "gw-2", "gw-3", "gw-4");
        assertThat(loads).allSatisfy((w) ->
        {
            assertThat(w.totalLoad()).isEqualTo(12);
            assertThat(w.liveCapacity()).isEqualTo(3);
        });
        assertThat(loads.get(0).capacityShare()).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(loads.get(0).fairShare()).isCloseTo(4.0, within(1e-9));
        assertThat(loads.get(0).ofFairShare()).isCloseTo(1.5, within(1e-9)); // over: 6 where 4 is fair
        assertThat(loads.get(1).fairShare()).isCloseTo(8.0, within(1e-9));
        assertThat(loads.get(1).ofFairShare()).isCloseTo(0.5, within(1e-9)); // under: twice the capacity, 4 tasks
        assertThat(loads.get(2).capacityShare()).isZero();
        assertThat(loads.get(2).ofFairShare()).isInfinite(); // draining, still holding 2
        assertThat(loads.get(3).fairShare()).isZero();
        assertThat(loads.get(3).ofFairShare()).isZero();
        assertThat(loads.stream().mapToDouble(WorkerLoad::fairShare).sum()).isCloseTo(12.0, within(1e-9));
    }

    @Test
    void noLiveWorkerMeansNoFairShare()
    {
        final List<WorkerLoad> loads = WorkerLoad.of(List.of(worker("gw-1", 1, 3, "DRAINING")));
        assertThat(loads.get(0).fairShare()).isZero();
        assertThat(loads.get(0).liveCapacity()).isZero();
    }

    private static WorkerRecord worker(final String name, final int capacity, final long load, final String status)
    {
        return new WorkerRecord(name, 1, List.of("API_GATEWAY"), capacity, load, (int)load, status, false, 1, 2);
    }
}
