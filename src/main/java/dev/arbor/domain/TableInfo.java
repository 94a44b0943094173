package dev.arbor.domain;

/** A table at a point in a branch's history, with its row count and data size. */
public record TableInfo(TableSchema schema, long rowCount, long sizeBytes) {
}
