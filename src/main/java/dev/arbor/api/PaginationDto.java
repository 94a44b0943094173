package dev.arbor.api;

/**
 * Neon's {@code Pagination} for the project list: pass {@code cursor} back as the {@code cursor} query
 * parameter to read the next page. Neon sends it on the last page too, so an empty or short page ends a listing.
 */
public record PaginationDto(String cursor) {
}
