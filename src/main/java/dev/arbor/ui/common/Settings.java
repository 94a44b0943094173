package dev.arbor.ui.common;

import java.util.List;

/** What the console remembers between runs: the theme, the window, the layout and the connection profiles. */
public interface Settings {

    boolean darkTheme();

    void setDarkTheme(boolean dark);

    /** The window's last size, or null before the first run. */
    WindowSize windowSize();

    void setWindowSize(WindowSize size);

    /** Where the details panel begins, as a share of the page: most of it for the table, where names are read. */
    double DEFAULT_DETAILS_DIVIDER = 0.74;

    double detailsDivider();

    void setDetailsDivider(double position);

    /**
     * True when the Branches page shows the branch tree instead of the table. The defaults are for settings that
     * keep no layout choices (a benchmark's): they always start with the table.
     */
    default boolean showBranchTree() {
        return false;
    }

    default void setShowBranchTree(boolean shown) {
        // nothing kept: the next start shows the table
    }

    /** Saved connection profiles, each in the form {@code ConnectionProfile.encode()} writes. */
    List<String> profiles();

    void setProfiles(List<String> encoded);

    /** The name of the profile the console last used, or null. */
    String activeProfile();

    void setActiveProfile(String name);

    record WindowSize(double width, double height) {
    }
}
