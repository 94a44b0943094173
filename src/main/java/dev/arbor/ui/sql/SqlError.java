package dev.arbor.ui.sql;

/**
 * A statement the server refused, as the editor shows it: a sentence (the server's own message, which says what
 * is wrong), the SQLSTATE for the details, and where in the script the server pointed, or -1.
 */
public record SqlError(String sentence, String sqlState, int offset) {
}
