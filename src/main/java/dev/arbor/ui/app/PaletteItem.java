package dev.arbor.ui.app;

/**
 * One result of the command palette: a branch to open or an action to run.
 *
 * @param kind "Branch" or "Action", shown beside the label
 */
public record PaletteItem(String kind, String label, String detail, Runnable run) {
}
