package dev.arbor.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.Column;
import dev.arbor.domain.ColumnType;
import dev.arbor.domain.TableSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes rows and catalog entries for storage. Primary keys become order-preserving text (integers as
 * sign-flipped fixed-width hex), so a key's versions sit together in the {@code row_version} index and
 * rows read back in key order.
 */
final class RowCodec {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.HexFormat HEX = java.util.HexFormat.of();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private RowCodec() {
    }

    /** Checks a full row against the schema and returns it normalised, in column order. */
    static Map<String, Object> normalize(TableSchema schema, Map<String, ?> row) {
        for (String k : row.keySet()) {
            schema.column(k);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Column c : schema.columns()) {
            Object v = c.type().normalize(c.name(), row.get(c.name()));
            if (v == null && (!c.nullable() || schema.primaryKey().contains(c.name()))) {
                throw ArborException.invalid("NULL_NOT_ALLOWED", "Column \"" + c.name() + "\" of table \""
                        + schema.name() + "\" cannot be empty.");
            }
            out.put(c.name(), v);
        }
        return out;
    }

    static String pk(TableSchema schema, Map<String, ?> normalized) {
        StringBuilder sb = new StringBuilder();
        for (String k : schema.primaryKey()) {
            if (!sb.isEmpty()) {
                sb.append('\u001f');
            }
            Object v = normalized.get(k);
            if (v == null) {
                throw ArborException.invalid("NULL_NOT_ALLOWED", "Primary key column \"" + k + "\" cannot be empty.");
            }
            if (v instanceof Long l) {
                sb.append('i').append(HEX.toHexDigits(l ^ Long.MIN_VALUE));
            } else {
                sb.append('s').append(v);
            }
        }
        return sb.toString();
    }

    /** The key from values given in primary-key column order. */
    static String pkOf(TableSchema schema, Object... keyValues) {
        if (keyValues.length != schema.primaryKey().size()) {
            throw ArborException.invalid("INVALID_KEY", "Table \"" + schema.name() + "\" has a primary key of "
                    + schema.primaryKey().size() + " column(s); " + keyValues.length + " value(s) were given.");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i++) {
            String col = schema.primaryKey().get(i);
            ColumnType t = schema.column(col).type();
            m.put(col, t.normalize(col, keyValues[i]));
        }
        return pk(schema, m);
    }

    static String encode(Map<String, Object> row) {
        try {
            return JSON.writeValueAsString(row);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> decode(TableSchema schema, String body) {
        try {
            Map<String, Object> raw = JSON.readValue(body, MAP);
            Map<String, Object> out = new LinkedHashMap<>();
            for (Column c : schema.columns()) {
                Object v = raw.get(c.name());
                if (v instanceof Integer i) {
                    v = i.longValue();
                }
                out.put(c.name(), v);
            }
            return out;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored row is not valid JSON", e);
        }
    }

    static String encodeTable(long id, TableSchema s, Instant createdAt) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", id);
        n.put("database", s.database());
        n.put("name", s.name());
        n.put("created_at", createdAt.toEpochMilli());
        ArrayNode cols = n.putArray("columns");
        for (Column c : s.columns()) {
            cols.addObject().put("name", c.name()).put("type", c.type().name()).put("nullable", c.nullable());
        }
        ArrayNode pk = n.putArray("primary_key");
        s.primaryKey().forEach(pk::add);
        return n.toString();
    }

    static Catalog.TableEntry decodeTable(String body) {
        try {
            var n = JSON.readTree(body);
            List<Column> cols = new ArrayList<>();
            n.get("columns").forEach(c -> cols.add(new Column(c.get("name").asText(),
                    ColumnType.valueOf(c.get("type").asText()), c.get("nullable").asBoolean())));
            List<String> pk = new ArrayList<>();
            n.get("primary_key").forEach(k -> pk.add(k.asText()));
            TableSchema schema = new TableSchema(n.get("database").asText(), n.get("name").asText(), cols, pk);
            return new Catalog.TableEntry(n.get("id").asLong(), schema, Instant.ofEpochMilli(n.get("created_at").asLong()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored table definition is not valid JSON", e);
        }
    }

    static String encodeDatabase(long id, String owner, Instant createdAt) {
        return JSON.createObjectNode().put("id", id).put("owner", owner).put("created_at", createdAt.toEpochMilli()).toString();
    }

    static Catalog.DatabaseEntry decodeDatabase(String name, String body) {
        try {
            var n = JSON.readTree(body);
            return new Catalog.DatabaseEntry(name, n.get("id").asLong(), n.get("owner").asText(),
                    Instant.ofEpochMilli(n.get("created_at").asLong()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String encodeRole(boolean isProtected, Instant createdAt) {
        return JSON.createObjectNode().put("protected", isProtected).put("created_at", createdAt.toEpochMilli()).toString();
    }

    static Catalog.RoleEntry decodeRole(String name, String body) {
        try {
            var n = JSON.readTree(body);
            return new Catalog.RoleEntry(name, n.get("protected").asBoolean(), Instant.ofEpochMilli(n.get("created_at").asLong()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
