package dev.arbor.ui.restore;

/**
 * A table of the preview: its rows at the chosen point and on the target now (null where the table is
 * absent there, or where the backend cannot count rows).
 */
public record PreviewTable(String database, String name, Long rowsAtPoint, Long rowsNow) {

    public String qualifiedName() {
        return database + "." + name;
    }

    /** How the restore changes the row count, in a few words. */
    public String change() {
        if (rowsAtPoint == null && rowsNow == null) {
            return "";
        }
        if (rowsNow == null) {
            return "comes back";
        }
        if (rowsAtPoint == null) {
            return "goes away";
        }
        long d = rowsAtPoint - rowsNow;
        return d == 0 ? "same" : (d > 0 ? "+" : "") + d + (Math.abs(d) == 1 ? " row" : " rows");
    }
}
