package io.resilientgateways.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ServedTasks} answers only a task whose id is the very instance asked for, near the cursor, and nothing
 * outside a recording; the engine then falls back to its table, so the answers never differ.
 */
class ServedTasksTest
{
    @Test
    void findsByReferenceInReadingOrderOnly()
    {
        final ServedTasks served = new ServedTasks();
        final TaskState[] tasks = new TaskState[200];
        for (int i = 0; i < tasks.length; i++)
        {
            tasks[i] = new TaskState(TaskId.of("t" + i), CapabilitySet.EMPTY, 1);
        }
        served.record(tasks[0]); // not recording: ignored
        served.start();
        for (final TaskState task : tasks)
        {
            served.record(task);
        }
        served.stop();
        served.record(tasks[1]); // stopped: ignored

        assertThat(served.find(tasks[0].id)).isSameAs(tasks[0]);
        assertThat(served.find(TaskId.of("t2"))).isNull();          // equal but another instance: the table's job
        assertThat(served.find(tasks[5].id)).isSameAs(tasks[5]);
        assertThat(served.find(tasks[3].id)).isNull();              // behind the cursor
        assertThat(served.find(tasks[150].id)).isNull();            // too far ahead
        assertThat(served.find(tasks[60].id)).isSameAs(tasks[60]);
        served.clear();
        assertThat(served.find(tasks[61].id)).isNull();
    }
}
