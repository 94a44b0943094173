package dev.arbor.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The architecture notes list which packages use which; the code is held to that list, and the console's own
 * parts use each other without a cycle (a cycle there is how "the console window" and "the Switch project
 * dialog" once came to need each other).
 */
class PackageImportsTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/arbor");
    /** A use of another Arbor package: an import or a qualified name, outside comments. */
    private static final Pattern USE = Pattern.compile("dev\\.arbor\\.([a-z]+(?:\\.[a-z]+)*)\\.[A-Z]");

    @Test
    void thePackagesUseWhatTheArchitectureNotesSay() throws IOException {
        Map<String, Set<String>> documented = documented();
        Map<String, Set<String>> actual = new TreeMap<>();
        for (String pkg : documented.keySet()) {
            Set<String> uses = new TreeSet<>();
            for (String used : uses(SOURCES.resolve(pkg))) {
                String top = used.split("\\.")[0];
                if (!top.equals(pkg)) {
                    uses.add(top);
                }
            }
            actual.put(pkg, uses);
        }
        Map<String, Set<String>> expected = new TreeMap<>(documented);
        expected.computeIfPresent("cli", (k, v) -> v.contains("*") ? actual.get("cli") : v);
        assertEquals(expected, actual, "docs/architecture.md, \"Imports between the packages\"");
    }

    @Test
    void everyPackageIsInTheNotes() throws IOException {
        Set<String> packages = new TreeSet<>();
        try (Stream<Path> dirs = Files.list(SOURCES)) {
            dirs.filter(Files::isDirectory).forEach(d -> packages.add(d.getFileName().toString()));
        }
        assertEquals(packages, documented().keySet());
    }

    @Test
    void theConsolesPartsUseEachOtherWithoutACycle() throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(SOURCES.resolve("ui"))) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                String part = dir.getFileName().toString();
                Set<String> uses = new TreeSet<>();
                for (String used : uses(dir)) {
                    String[] name = used.split("\\.");
                    if (name[0].equals("ui") && name.length > 1 && !name[1].equals(part)) {
                        uses.add(name[1]);
                    }
                }
                graph.put(part, uses);
            }
        }
        assertTrue(graph.containsKey("app") && graph.get("app").contains("connect"), "the walk sees the console: " + graph);
        for (String part : graph.keySet()) {
            assertFalse(reaches(graph, part, part, new HashSet<>()), "ui." + part + " uses itself through " + graph);
        }
    }

    private static boolean reaches(Map<String, Set<String>> graph, String from, String target, Set<String> seen) {
        for (String next : graph.getOrDefault(from, Set.of())) {
            if (next.equals(target) || (seen.add(next) && reaches(graph, next, target, seen))) {
                return true;
            }
        }
        return false;
    }

    /** The Arbor packages the Java files under {@code dir} use (imports and qualified names, not comments). */
    private static Set<String> uses(Path dir) throws IOException {
        Set<String> used = new TreeSet<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                for (String line : read(file)) {
                    String code = line.strip();
                    if (code.startsWith("*") || code.startsWith("/*") || code.startsWith("//") || code.startsWith("package ")) {
                        continue;
                    }
                    Matcher m = USE.matcher(code);
                    while (m.find()) {
                        used.add(m.group(1));
                    }
                }
            }
        }
        return used;
    }

    /** The table in the notes: {@code engine   → backend, domain, pg}; "nothing" and "every package" as written. */
    private static Map<String, Set<String>> documented() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("docs/architecture.md"));
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("Imports between the packages")) {
                start = i;
                break;
            }
        }
        assertTrue(start >= 0, "the notes have the table");
        Map<String, Set<String>> table = new TreeMap<>();
        List<String> rows = new ArrayList<>();
        boolean inBlock = false;
        for (int i = start + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("```")) {
                if (inBlock) {
                    break;
                }
                inBlock = true;
            } else if (inBlock) {
                rows.add(line);
            }
        }
        for (String row : rows) {
            String[] sides = row.split("→");
            String targets = sides[1].strip();
            Set<String> uses = new TreeSet<>();
            if (targets.equals("every package")) {
                uses.add("*");
            } else if (!targets.equals("nothing")) {
                uses.addAll(Arrays.stream(targets.split(",")).map(String::strip).toList());
            }
            table.put(sides[0].strip(), uses);
        }
        return table;
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
