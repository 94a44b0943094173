package dev.arbor.ui.sql;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A result as CSV, RFC 4180: a header of column names, CRLF line ends, and a field in double quotes (a quote in it
 * doubled) when it holds a comma, a quote, CR or LF, or starts or ends with a space. SQL NULL is an empty field and
 * an empty string a quoted one ({@code ""}), so the two stay apart, as Postgres's own {@code COPY … CSV} writes them.
 * The file is written beside the target and moved into place, so a failure leaves no half-written file.
 */
final class CsvExport {
    private CsvExport() {
    }

    static void write(Path file, List<String> columns, List<List<String>> rows) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".part");
        try {
            try (Writer w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                line(w, columns);
                for (List<String> row : rows) {
                    line(w, row);
                }
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    static String text(List<String> columns, List<List<String>> rows) {
        StringBuilder s = new StringBuilder();
        try {
            line(s, columns);
            for (List<String> row : rows) {
                line(s, row);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e); // a StringBuilder does not fail
        }
        return s.toString();
    }

    private static void line(Appendable w, List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                w.append(',');
            }
            w.append(field(fields.get(i)));
        }
        w.append("\r\n");
    }

    static String field(String value) {
        if (value == null) {
            return "";
        }
        boolean quote = value.isEmpty() || value.startsWith(" ") || value.endsWith(" ")
                || value.chars().anyMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n');
        return quote ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }
}
