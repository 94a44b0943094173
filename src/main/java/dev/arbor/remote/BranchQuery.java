package dev.arbor.remote;

import dev.arbor.domain.ArborException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The branch list's query (reference §2.1), passed through as it is.
 *
 * @param search    partial match on a branch's name or id; null for all
 * @param sortBy    {@code name}, {@code created_at} or {@code updated_at}; null for the server's default
 * @param sortOrder {@code asc} or {@code desc}; null for the server's default
 * @param limit     page size (1–10000); null asks for every branch in one reply
 */
public record BranchQuery(String search, String sortBy, String sortOrder, Integer limit) {
    /** Everything, in the order branches were created: a cursor over an immutable key pages stably. */
    public static final BranchQuery ALL = new BranchQuery(null, "created_at", "asc", 500);

    public BranchQuery {
        if (sortBy != null && !sortBy.matches("name|created_at|updated_at")) {
            throw ArborException.invalid("INVALID_SORT", "Branches sort by name, created_at or updated_at, not \"" + sortBy + "\".");
        }
        if (sortOrder != null) {
            sortOrder = sortOrder.toLowerCase(Locale.ROOT);
            if (!sortOrder.matches("asc|desc")) {
                throw ArborException.invalid("INVALID_SORT", "The sort order is asc or desc, not \"" + sortOrder + "\".");
            }
        }
        if (limit != null && (limit < 1 || limit > 10_000)) {
            throw ArborException.invalid("INVALID_LIMIT", "A page of branches holds 1 to 10000; " + limit + " was asked for.");
        }
    }

    public static BranchQuery search(String text) {
        return new BranchQuery(text, ALL.sortBy, ALL.sortOrder, ALL.limit);
    }

    public BranchQuery withLimit(Integer pageSize) {
        return new BranchQuery(search, sortBy, sortOrder, pageSize);
    }

    Map<String, String> toQuery(String cursor) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("search", search);
        q.put("sort_by", sortBy);
        q.put("sort_order", sortOrder);
        q.put("limit", limit == null ? null : limit.toString());
        q.put("cursor", cursor);
        return q;
    }
}
