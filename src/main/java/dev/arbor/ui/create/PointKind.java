package dev.arbor.ui.create;

/** "Include data up to": the parent's current data, a date and time, or an LSN. */
public enum PointKind {
    HEAD("Current data"),
    TIMESTAMP("Specific date and time"),
    LSN("Specific LSN");

    private final String label;

    PointKind(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
