package io.resilientgateways.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link WorkerMap} answers as its hash map does, whatever it remembers of earlier lookups: a worker removed or
 * replaced is never answered from that memory, and an equal id of another instance finds the same worker.
 */
class WorkerMapTest
{
    private final EngineState.LoadClock loads = new EngineState.LoadClock();

    @Test
    void rememberedAnswersNeverOutliveAChange()
    {
        final WorkerMap map = new WorkerMap();
        final WorkerState[] workers = new WorkerState[20];
        for (int i = 0; i < workers.length; i++)
        {
            workers[i] = worker("w" + i);
            map.put(workers[i].id, workers[i]);
        }
        for (int round = 0; round < 3; round++)
        {
            for (final WorkerState worker : workers)
            {
                assertThat(map.get(worker.id)).isSameAs(worker);
                assertThat(map.get(WorkerId.of(worker.id.name()))).isSameAs(worker);
            }
        }
        final WorkerId foreign = WorkerId.of("w3");
        assertThat(map.get(foreign)).isSameAs(workers[3]);
        map.remove(workers[3].id);
        assertThat(map.get(foreign)).isNull();
        assertThat(map.get(workers[3].id)).isNull();

        final WorkerState again = worker("w3");
        map.put(again.id, again);
        assertThat(map.get(foreign)).isSameAs(again);
        assertThat(map.get(workers[3].id)).isSameAs(again);
        assertThat(map.get(WorkerId.of("nobody"))).isNull();
        assertThat(map.get(null)).isNull();
        assertThat(map.size()).isEqualTo(20);
    }

    private WorkerState worker(final String name)
    {
        return new WorkerState(WorkerSpec.of(name), loads);
    }
}
