package dev.arbor.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The console's packages depend one way: the Switch project dialog does not reach back into the console. */
class UiPackagesTest {

    private static List<String> importsOf(String pkg, String prefix) throws IOException {
        Path dir = Path.of("src/main/java/dev/arbor/ui", pkg);
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream().filter(l -> l.startsWith("import " + prefix))
                            .map(l -> f.getFileName() + ": " + l);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }

    @Test
    void theConnectPackageDoesNotImportTheConsole() throws IOException {
        assertEquals(List.of(), importsOf("connect", "dev.arbor.ui.app."));
    }
}
