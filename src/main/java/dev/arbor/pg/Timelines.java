package dev.arbor.pg;

import dev.arbor.domain.ArborException;
import dev.arbor.domain.ErrorCode;
import dev.arbor.domain.Lsn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a project's WAL archive says about its timelines: each promote archives {@code <tli>.history}, whose lines
 * name every ancestor timeline and the LSN where its child forked off; WAL segments are named by timeline and
 * segment number. Read only; nothing here writes to the archive.
 */
final class Timelines {
    private Timelines() {
    }

    /** One stretch of a timeline's ancestry: timeline {@code tli} from where its parent left off up to {@code end}. */
    record Stretch(int tli, Lsn end) {
        /** The last stretch of an ancestry has no end: the timeline itself. */
        boolean open() {
            return end == null;
        }
    }

    static String historyName(int tli) {
        return String.format("%08X.history", tli);
    }

    /**
     * Timeline {@code tli}'s ancestry, oldest first, ending with itself (open-ended). Timeline 1 has no history file;
     * any other needs one in the archive.
     */
    static List<Stretch> ancestry(Path archive, int tli) {
        List<Stretch> stretches = new ArrayList<>();
        if (tli != 1) {
            Path file = archive.resolve(historyName(tli));
            if (!Files.isRegularFile(file)) {
                throw ArborException.notFound("timeline", Integer.toString(tli));
            }
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String[] f = line.strip().split("\\s+");
                    if (f.length >= 2 && f[0].matches("\\d+")) {
                        stretches.add(new Stretch(Integer.parseInt(f[0]), Lsn.parse(f[1])));
                    }
                }
            } catch (IOException e) {
                throw new ArborException(ErrorCode.UNAVAILABLE, "ARCHIVE_UNREADABLE",
                        "Arbor could not read " + file + " (" + IoText.of(e) + ").", null, e);
            }
        }
        stretches.add(new Stretch(tli, null));
        return stretches;
    }

    /** The LSN where timeline {@code tli} forked from its parent (0/0 for timeline 1). */
    static Lsn forkPoint(List<Stretch> ancestry) {
        return ancestry.size() < 2 ? Lsn.ZERO : ancestry.get(ancestry.size() - 2).end();
    }

    /**
     * The end of what the archive holds of timeline {@code tli}: the end of its newest archived segment, or its fork
     * point when none has been archived yet. WAL a running server has not yet switched out is not counted.
     */
    static Lsn archivedEnd(Path archive, int tli, List<Stretch> ancestry) {
        Lsn end = forkPoint(ancestry);
        String prefix = String.format("%08X", tli);
        try (Stream<Path> files = Files.list(archive)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (name.length() == 24 && name.startsWith(prefix) && name.matches("[0-9A-F]{24}")) {
                    Lsn segEnd = WalSegments.end(name);
                    if (segEnd.isAfter(end)) {
                        end = segEnd;
                    }
                }
            }
        } catch (IOException e) {
            throw new ArborException(ErrorCode.UNAVAILABLE, "ARCHIVE_UNREADABLE",
                    "Arbor could not list the WAL archive " + archive + " (" + IoText.of(e) + ").", null, e);
        }
        return end;
    }

    /** The highest timeline the archive knows (1 when no promote has happened). */
    static int newest(Path archive) {
        int newest = 1;
        try (Stream<Path> files = Files.list(archive)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (name.matches("[0-9A-F]{8}\\.history")) {
                    newest = Math.max(newest, Integer.parseInt(name.substring(0, 8), 16));
                }
            }
        } catch (IOException e) {
            throw new ArborException(ErrorCode.UNAVAILABLE, "ARCHIVE_UNREADABLE",
                    "Arbor could not list the WAL archive " + archive + " (" + IoText.of(e) + ").", null, e);
        }
        return newest;
    }
}
