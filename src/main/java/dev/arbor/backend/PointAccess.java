package dev.arbor.backend;

/**
 * A read-only way into a branch as it was at a point in its history, held open while a view reads there (the SQL
 * editor's Time Travel, the Restore wizard's preview). On the embedded engine it is the branch's own endpoint with
 * Postgres's {@code options} naming the point; on Neon it is a temporary branch at the point with a read-only compute,
 * made with an expiration so that a crash cannot leave it behind, which {@link #close()} deletes.
 */
public interface PointAccess extends AutoCloseable {

    /** How a client reaches {@code database} as {@code role} at the point; pass {@link #options()} along. */
    ConnectionDetails connect(String database, String role);

    /** Postgres's {@code options} for every connection made here ({@code neon_lsn:…}), or null when none is needed. */
    String options();

    /** Releases what the point holds (on Neon: deletes the temporary branch); idempotent, never throws. */
    @Override
    void close();
}
