package dev.arbor.engine;

import dev.arbor.backend.BackendEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The engine's subscribers. Events are published after the lock is released, on the thread that made the change. */
final class EngineEvents {
    private static final Logger log = LoggerFactory.getLogger(EngineEvents.class);

    private final List<Consumer<BackendEvent>> listeners = new CopyOnWriteArrayList<>();

    AutoCloseable subscribe(Consumer<BackendEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Delivers each event to every listener; one listener failing does not keep the event from the others. */
    void publish(List<BackendEvent> events) {
        for (BackendEvent e : events) {
            for (Consumer<BackendEvent> l : listeners) {
                try {
                    l.accept(e);
                } catch (RuntimeException ex) {
                    log.warn("An event listener failed: {}", ex.toString());
                }
            }
        }
    }
}
