package dev.arbor.domain;

import java.util.List;
import java.util.Map;

/** One page of a table's rows at a point, in primary-key order; {@code total} counts all rows there. */
public record RowPage(TableSchema schema, List<Map<String, Object>> rows, long offset, long total) {
}
