package dev.arbor.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** The column types a table can have, with the check and normal form of a value. */
public enum ColumnType {
    BIGINT, TEXT, BOOLEAN, NUMERIC, DOUBLE, TIMESTAMPTZ;

    /** Returns the value in its stored form (Long, String, Boolean, String decimal, Double, String instant), or throws. */
    public Object normalize(String column, Object value) {
        if (value == null) {
            return null;
        }
        try {
            return switch (this) {
                case BIGINT -> switch (value) {
                    case Long l -> l;
                    case Integer i -> i.longValue();
                    case Short s -> s.longValue();
                    case String s -> Long.parseLong(s.strip());
                    case Number n when n.doubleValue() == Math.rint(n.doubleValue()) -> n.longValue();
                    default -> throw bad(column, value);
                };
                case TEXT -> {
                    String text = value instanceof String s ? s : value.toString();
                    UnicodeText.requireWellFormed("the value of column \"" + column + "\"", text);
                    yield text;
                }
                case BOOLEAN -> switch (value) {
                    case Boolean b -> b;
                    case String s when s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false") -> Boolean.parseBoolean(s);
                    default -> throw bad(column, value);
                };
                case NUMERIC -> new BigDecimal(value.toString().strip()).toPlainString();
                case DOUBLE -> value instanceof Number n ? n.doubleValue() : Double.parseDouble(value.toString().strip());
                case TIMESTAMPTZ -> value instanceof Instant i ? i.toString() : Instant.parse(value.toString().strip()).toString();
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            throw bad(column, value);
        }
    }

    private ArborException bad(String column, Object value) {
        return ArborException.invalid("INVALID_VALUE", "Column \"" + column + "\" holds " + name().toLowerCase(java.util.Locale.ROOT)
                + " values; \"" + value + "\" is not one.");
    }

    public String sqlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
