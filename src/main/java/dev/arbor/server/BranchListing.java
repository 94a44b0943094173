package dev.arbor.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.arbor.api.NeonJson;
import dev.arbor.api.Responses;
import dev.arbor.domain.Branch;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The branch list's search, order and keyset paging (reference §2.1). The cursor is base64 JSON in Neon's
 * shape ({@code branch_id}, {@code sort_by}, {@code sort_by_value}, {@code sort_order}) naming the last branch
 * of a page; the next page starts after it, so pages stay consistent while branches come and go.
 */
final class BranchListing {
    static final List<String> SORT_BY = List.of("name", "created_at", "updated_at");
    static final List<String> SORT_ORDER = List.of("asc", "desc");

    /** The cursor's content. */
    record Cursor(String branchId, String sortBy, String sortByValue, String sortOrder) {
    }

    /** A request's choices: order, position after a cursor (or null), and page size (or null for all). */
    record Query(String search, String sortBy, String sortOrder, Cursor after, Integer limit) {
    }

    private BranchListing() {
    }

    /** Branches whose name or id contains {@code search}, ignoring case; all when search is null. */
    static List<Branch> search(List<Branch> branches, String search) {
        if (search == null) {
            return branches;
        }
        String s = search.toLowerCase(Locale.ROOT);
        return branches.stream().filter(b -> b.name().toLowerCase(Locale.ROOT).contains(s)
                || b.id().toLowerCase(Locale.ROOT).contains(s)).toList();
    }

    static Responses.BranchesResponse page(List<Branch> all, Query q, Function<Branch, dev.arbor.api.BranchDto> toDto) {
        Comparator<Branch> order = order(q.sortBy(), q.sortOrder());
        List<Branch> sorted = search(all, q.search()).stream().sorted(order).toList();
        int from = 0;
        if (q.after() != null) {
            Branch marker = marker(q.after());
            while (from < sorted.size() && order.compare(sorted.get(from), marker) <= 0) {
                from++;
            }
        }
        int to = q.limit() == null ? sorted.size() : Math.min(sorted.size(), from + q.limit());
        List<Branch> page = sorted.subList(from, to);
        String next = to < sorted.size() && !page.isEmpty() ? encode(page.getLast(), q.sortBy(), q.sortOrder()) : null;
        return new Responses.BranchesResponse(page.stream().map(toDto).toList(), java.util.Map.of(),
                new Responses.CursorPagination(next, q.sortBy(), q.sortOrder().toUpperCase(Locale.ROOT)));
    }

    static Cursor decode(String text) {
        try {
            byte[] json = Base64.getUrlDecoder().decode(text.strip().replace('+', '-').replace('/', '_'));
            Cursor c = NeonJson.mapper().readValue(json, Cursor.class);
            if (c == null || c.branchId() == null || c.sortByValue() == null || !SORT_BY.contains(c.sortBy())
                    || c.sortOrder() == null || !SORT_ORDER.contains(c.sortOrder().toLowerCase(Locale.ROOT))) {
                throw invalid();
            }
            if (!c.sortBy().equals("name")) {
                NeonJson.parseInstant(c.sortByValue(), "cursor");
            }
            return new Cursor(c.branchId(), c.sortBy(), c.sortByValue(), c.sortOrder().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException | java.io.IOException | dev.arbor.domain.ArborException e) {
            throw invalid();
        }
    }

    private static String encode(Branch last, String sortBy, String sortOrder) {
        Cursor c = new Cursor(last.id(), sortBy, value(last, sortBy), sortOrder.toUpperCase(Locale.ROOT));
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(NeonJson.mapper().writeValueAsBytes(c));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A cursor is plain strings.", e);
        }
    }

    /** Sort by the field, then by id, so the order is total and a cursor names one position. */
    private static Comparator<Branch> order(String sortBy, String sortOrder) {
        Comparator<Branch> byField = switch (sortBy) {
            case "name" -> Comparator.comparing(Branch::name);
            case "created_at" -> Comparator.comparing(Branch::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()));
            default -> Comparator.comparing(Branch::updatedAt, Comparator.nullsFirst(Comparator.naturalOrder()));
        };
        Comparator<Branch> total = byField.thenComparing(Branch::id);
        return sortOrder.equals("asc") ? total : total.reversed();
    }

    private static String value(Branch b, String sortBy) {
        return switch (sortBy) {
            case "name" -> b.name();
            case "created_at" -> NeonJson.formatInstant(b.createdAt());
            default -> NeonJson.formatInstant(b.updatedAt());
        };
    }

    /** A stand-in branch carrying only the cursor's sort value and id, to compare against. */
    private static Branch marker(Cursor c) {
        Instant t = c.sortBy().equals("name") ? null : NeonJson.parseInstant(c.sortByValue(), "cursor");
        String name = c.sortBy().equals("name") ? c.sortByValue() : "";
        return new Branch(c.branchId(), null, name, null, null, null, false, false, null, null, null, 0, null, null,
                t, t, null, null, null, null, false, false, false, null, null);
    }

    private static HttpFailure invalid() {
        return HttpFailure.badRequest("INVALID_CURSOR",
                "cursor is not a value this server gave out; pass pagination.next from the previous page.");
    }
}
