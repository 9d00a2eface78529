package io.resilientgateways.aeron.service;

import io.resilientgateways.core.WorkerId;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WorkerBindingsTest
{
    private final WorkerBindings bindings = new WorkerBindings();
    // the engine's own id instances: not the bindings' ids, equal by name
    private final WorkerId engineA = WorkerId.of(new String("gw-a".toCharArray()));
    private final WorkerId engineB = WorkerId.of(new String("gw-b".toCharArray()));

    @Test
    void aDirectiveFindsTheBindingOfItsWorkersName()
    {
        final WorkerBinding a = new WorkerBinding("gw-a", 1, 1);
        final WorkerBinding b = new WorkerBinding("gw-b", 2, 1);
        bindings.put("gw-a", a);
        bindings.put("gw-b", b);

        assertSame(a, bindings.forDirective(engineA));
        assertSame(a, bindings.forDirective(engineA));
        assertSame(b, bindings.forDirective(engineB));
        assertSame(a, bindings.forDirective(engineA));
        assertNull(bindings.forDirective(WorkerId.of("gw-c")));
    }

    @Test
    void everyChangeForgetsTheRememberedAnswer()
    {
        final WorkerBinding first = new WorkerBinding("gw-a", 1, 1);
        bindings.put("gw-a", first);
        assertSame(first, bindings.forDirective(engineA));

        bindings.remove("gw-a"); // it left: its directives are sent nowhere
        assertNull(bindings.forDirective(engineA));

        final WorkerBinding second = new WorkerBinding("gw-a", 7, 2);
        bindings.put("gw-a", second); // the same name from a new session, same engine id
        assertSame(second, bindings.forDirective(engineA));

        bindings.clear(); // a snapshot is loaded
        assertNull(bindings.forDirective(engineA));
        final WorkerBinding restored = new WorkerBinding("gw-a", 9, 3);
        bindings.put("gw-a", restored);
        assertSame(restored, bindings.forDirective(engineA));
    }

    @Test
    void readersSeeTheBindingsInNameOrderAndCannotChangeThem()
    {
        bindings.put("gw-b", new WorkerBinding("gw-b", 2, 1));
        bindings.put("gw-a", new WorkerBinding("gw-a", 1, 1));

        assertEquals("gw-a", bindings.view().firstKey());
        assertEquals(2, bindings.size());
        assertThrows(UnsupportedOperationException.class, () -> bindings.view().remove("gw-a"));
    }
}
