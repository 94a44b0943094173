package dev.arbor.engine;

import dev.arbor.domain.TableSchema;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** The databases, roles and tables visible at one point, read from the versioned {@code catalog} table. */
final class Catalog {
    static final String DATABASE = "database";
    static final String ROLE = "role";
    static final String TABLE = "table";

    record DatabaseEntry(String name, long id, String owner, Instant createdAt) {
    }

    record RoleEntry(String name, boolean isProtected, Instant createdAt) {
    }

    record TableEntry(long id, TableSchema schema, Instant createdAt) {
    }

    final Map<String, DatabaseEntry> databases = new TreeMap<>();
    final Map<String, RoleEntry> roles = new TreeMap<>();
    /** Keyed by {@link #tableKey}. */
    final Map<String, TableEntry> tables = new TreeMap<>();

    static String tableKey(String database, String table) {
        return database + "/" + table;
    }

    Catalog copy() {
        Catalog c = new Catalog();
        c.databases.putAll(databases);
        c.roles.putAll(roles);
        c.tables.putAll(tables);
        return c;
    }
}
