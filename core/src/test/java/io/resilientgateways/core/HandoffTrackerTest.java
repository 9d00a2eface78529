package io.resilientgateways.core;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The handoff queue drops nothing when a task leaves its handoff (stale entries wait for the timer), so it is checked
 * against a model that forgets a task the moment it leaves: the same stuck reports, in the same order, at the same
 * times, and the same timer deadlines, whatever mix of entries, re-entries at the same time, acknowledgements and
 * removals came before.
 */
class HandoffTrackerTest
{
    private static final long TIMEOUT = 10;

    private long now;
    private long timerId;
    private final TreeMap<Long, Long> timers = new TreeMap<>(); // id -> deadline
    private final List<String> reported = new ArrayList<>();

    private HandoffTracker tracker()
    {
        return new HandoffTracker(() -> now, new Scheduler()
        {
            @Override
            public long schedule(final TimerOwner owner, final long deadline)
            {
                timers.put(++timerId, deadline);
                return timerId;
            }

            @Override
            public void cancel(final long id)
            {
                timers.remove(id);
            }
        }, task -> reported.add(task.id.name()), TIMEOUT);
    }

    @Property(tries = 300)
    void reportsAsAModelThatForgetsATaskWhenItLeavesItsHandoff(@ForAll final long seed)
    {
        final Random random = new Random(seed);
        now = 0;
        timers.clear(); // one instance serves every try
        final HandoffTracker tracker = tracker();
        final TaskState[] tasks = new TaskState[1 + random.nextInt(40)];
        for (int i = 0; i < tasks.length; i++)
        {
            tasks[i] = new TaskState(TaskId.of(String.format("PARTY-%04d", i)), CapabilitySet.EMPTY, 1);
        }
        final Map<TaskState, Long> watched = new HashMap<>(); // the model: entered, not yet reported or gone
        for (int step = 0; step < 400; step++)
        {
            now += random.nextInt(4) == 0 ? random.nextInt(6) : 0; // often several inputs at the same time
            final TaskState task = tasks[random.nextInt(tasks.length)];
            if (random.nextInt(20) == 0)
            {
                tracker.reserve(random.nextInt(64)); // room for a batch: changes no answer
            }
            final int what = random.nextInt(10);
            if (what < 4)
            {
                tracker.enter(task, random.nextBoolean() ? TaskStatus.OPENING : TaskStatus.CLOSING);
                watched.put(task, now);
            }
            else if (what < 6 && task.inHandoff())
            {
                task.status = random.nextBoolean() ? TaskStatus.OPEN : TaskStatus.RESERVED; // acknowledged
                task.since = now;
                watched.remove(task);
                if (random.nextBoolean())
                {
                    tracker.acknowledged(); // counted or not, it changes no answer (only when the queue is scanned)
                }
            }
            else if (what < 7)
            {
                task.status = TaskStatus.PENDING; // removed, or orphaned
                watched.remove(task);
            }
            else if (!timers.isEmpty())
            {
                final Map.Entry<Long, Long> timer = timers.pollFirstEntry();
                assertThat(timers).isEmpty(); // one timer at a time
                now = Math.max(now, timer.getValue());
                final List<String> expected = new ArrayList<>();
                watched.entrySet().removeIf(e ->
                {
                    if (e.getValue() + TIMEOUT <= now)
                    {
                        expected.add(e.getKey().id.name());
                        return true;
                    }
                    return false;
                });
                expected.sort(null);
                reported.clear();
                tracker.onTimer(timer.getKey());
                assertThat(reported).as("stuck at " + now).isEqualTo(expected);
                final long first = watched.values().stream().mapToLong(Long::longValue).min().orElse(-1);
                assertThat(timers.values()).as("next deadline")
                    .containsExactlyElementsOf(first < 0 ? List.of() : List.of(first + TIMEOUT));
            }
            if (!watched.isEmpty())
            {
                assertThat(timers).as("a timer is set while a task waits").hasSize(1);
            }
        }
    }

    @Test
    void entriesStillWaitingAreNotScannedBeforeTheQueueGrows()
    {
        final HandoffTracker tracker = tracker();
        final TaskState[] tasks = new TaskState[5_000];
        for (int i = 0; i < tasks.length; i++)
        {
            tasks[i] = new TaskState(TaskId.of("t" + i), CapabilitySet.EMPTY, 1);
            tracker.reserve(1);
            tracker.enter(tasks[i], TaskStatus.OPENING);
        }
        // none acknowledged: nothing to drop, and a task whose entry went stale without an acknowledgement (its
        // holder left) waits for the timer, which drops it and reports only the waiting ones
        tasks[1].status = TaskStatus.PENDING;
        tracker.reserve(tasks.length);
        assertThat(tracker.queued()).isEqualTo(tasks.length);
        for (int i = 2; i < tasks.length; i++)
        {
            tasks[i].status = TaskStatus.OPEN;
            tracker.acknowledged();
        }
        tracker.reserve(10 * tasks.length); // now most are stale: scanned and dropped before it grows
        assertThat(tracker.queued()).isEqualTo(1);
        now = TIMEOUT;
        tracker.onTimer(timers.pollFirstEntry().getKey());
        assertThat(reported).containsExactly("t0");
        assertThat(tracker.queued()).isZero();
    }

    @Test
    void acknowledgedEntriesAreDroppedWhenTheTimerComesAndTheQueueShrinksAfterABurst()
    {
        final HandoffTracker tracker = tracker();
        final TaskState[] tasks = new TaskState[10_000];
        for (int i = 0; i < tasks.length; i++)
        {
            tasks[i] = new TaskState(TaskId.of("t" + i), CapabilitySet.EMPTY, 1);
            tracker.enter(tasks[i], TaskStatus.OPENING);
        }
        for (int i = 1; i < tasks.length; i++)
        {
            tasks[i].status = TaskStatus.OPEN; // all but t0 acknowledged, as the reconciler tells the queue
            tracker.acknowledged();
        }
        // more entries than the queue holds: it drops the stale ones instead of growing
        for (int round = 0; round < 3; round++)
        {
            for (int i = 1; i < tasks.length; i++)
            {
                tracker.enter(tasks[i], TaskStatus.CLOSING);
                tasks[i].status = TaskStatus.OPEN;
                tracker.acknowledged();
            }
        }
        assertThat(tracker.queued()).isLessThanOrEqualTo(2 * tasks.length);
        now = TIMEOUT;
        tracker.onTimer(timers.pollFirstEntry().getKey());
        assertThat(reported).containsExactly("t0");
        assertThat(tracker.queued()).isZero();
        assertThat(timers).isEmpty();
    }
}
