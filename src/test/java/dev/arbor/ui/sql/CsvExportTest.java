package dev.arbor.ui.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvExportTest {

    @Test
    void fieldsAreQuotedAsRfc4180Asks() {
        List<List<String>> rows = List.of(
                List.of("plain", "with, comma", "say \"hi\""),
                List.of("two\nlines", "cr\rhere", " padded "),
                Arrays.asList(null, "", "ünïcödé"));
        assertEquals("id,\"na,me\",note\r\n"
                + "plain,\"with, comma\",\"say \"\"hi\"\"\"\r\n"
                + "\"two\nlines\",\"cr\rhere\",\" padded \"\r\n"
                + ",\"\",ünïcödé\r\n", CsvExport.text(List.of("id", "na,me", "note"), rows));
    }

    @Test
    void theFileIsWrittenInUtf8AndReplacesAnOldOne(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("orders.csv");
        Files.writeString(file, "old");
        CsvExport.write(file, List.of("a"), List.of(List.of("é")));
        assertEquals("a\r\né\r\n", Files.readString(file, StandardCharsets.UTF_8));
        try (var left = Files.list(dir)) {
            assertEquals(List.of(file), left.toList(), "no temporary file is left beside it");
        }
    }
}
