package dev.arbor.domain;

import java.util.regex.Pattern;

/**
 * A log sequence number (an unsigned 64-bit value) in Postgres text form {@code X/Y}: two hexadecimal numbers of 1 to 8 digits,
 * the high and low 32 bits of a 64-bit position in the write-ahead log.
 */
public record Lsn(long value) implements Comparable<Lsn> {
    private static final Pattern FORM = Pattern.compile("^[0-9a-fA-F]{1,8}/[0-9a-fA-F]{1,8}$");

    public static final Lsn ZERO = new Lsn(0);

    /** The sentence for text that is not an LSN: what it is not, and what an LSN looks like. */
    public static String malformed(String text) {
        return "\"" + (text == null ? "" : text) + "\" is not an LSN. An LSN is two hexadecimal numbers of 1 to 8 digits"
                + " separated by a slash, such as 0/1DE2850.";
    }

    /** Parses {@code 0/1DE2850}; hex digits in either case. A malformed string is refused with a sentence naming it. */
    public static Lsn parse(String text) {
        if (text == null || !FORM.matcher(text.strip()).matches()) {
            throw ArborException.invalid("INVALID_LSN", malformed(text));
        }
        String s = text.strip();
        int slash = s.indexOf('/');
        long hi = Long.parseLong(s.substring(0, slash), 16);
        long lo = Long.parseLong(s.substring(slash + 1), 16);
        return new Lsn((hi << 32) | lo);
    }

    /** True when {@code text} has the form of an LSN; useful for validating as a person types. */
    public static boolean isWellFormed(String text) {
        return text != null && FORM.matcher(text.strip()).matches();
    }

    public Lsn plus(long bytes) {
        return new Lsn(value + bytes);
    }

    public boolean isAfter(Lsn other) {
        return compareTo(other) > 0;
    }

    public boolean isBefore(Lsn other) {
        return compareTo(other) < 0;
    }

    @Override
    public int compareTo(Lsn o) {
        return Long.compareUnsigned(value, o.value);
    }

    @Override
    public String toString() {
        return String.format("%X/%X", value >>> 32, value & 0xFFFFFFFFL);
    }
}
