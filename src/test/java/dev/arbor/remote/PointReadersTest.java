package dev.arbor.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.arbor.backend.ConnectionDetails;
import dev.arbor.backend.PointAccess;
import dev.arbor.domain.Lsn;
import dev.arbor.domain.PointInTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Which points the remote backend keeps open while rows are read: each one opened is a temporary branch on Neon, so
 * pages at one point share it, the oldest of three goes, a branch being changed loses its own, idle ones go, and
 * closing the backend closes the rest. The points here record what was opened and closed.
 */
class PointReadersTest {
    private final List<String> opened = new CopyOnWriteArrayList<>();
    private final List<String> closed = new CopyOnWriteArrayList<>();

    private PointAccess open(String branchId, PointInTime point) {
        String name = branchId + "@" + point;
        opened.add(name);
        return new PointAccess() {
            @Override
            public ConnectionDetails connect(String database, String role) {
                throw new UnsupportedOperationException();
            }

            @Override
            public String options() {
                return null;
            }

            @Override
            public void close() {
                closed.add(name);
            }
        };
    }

    private static PointInTime at(String lsn) {
        return PointInTime.at(Lsn.parse(lsn));
    }

    @Test
    void pagesAtOnePointShareItAndTheOldestOfThreeIsClosed() {
        try (PointReaders readers = new PointReaders(this::open, Duration.ofMinutes(5))) {
            PointAccess first = readers.at("br-a", at("0/10"));
            assertSame(first, readers.at("br-a", at("0/10")), "the next page reads the same point");
            readers.at("br-b", at("0/20"));
            readers.at("br-a", at("0/10")); // read again: now the newest
            readers.at("br-a", at("0/30"));
            assertEquals(List.of("br-a@" + at("0/10"), "br-b@" + at("0/20"), "br-a@" + at("0/30")), opened);
            assertEquals(List.of("br-b@" + at("0/20")), closed, "the least recently read goes");

            readers.closeBranch("br-a");
            assertEquals(3, closed.size());
            assertEquals(0, readers.openCount());
            readers.at("br-c", at("0/40"));
        }
        assertEquals("br-c@" + at("0/40"), closed.get(closed.size() - 1), "closing the backend closes what is open");
    }

    @Test
    void aPointNotReadForItsIdleTimeIsClosed() throws Exception {
        try (PointReaders readers = new PointReaders(this::open, Duration.ofMillis(200))) {
            readers.at("br-a", at("0/10"));
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (closed.isEmpty() && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertEquals(List.of("br-a@" + at("0/10")), closed);
            assertEquals(0, readers.openCount());
        }
    }
}
