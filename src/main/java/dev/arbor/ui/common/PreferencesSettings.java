package dev.arbor.ui.common;

import java.util.prefs.Preferences;

/** {@link Settings} in the user's Java preferences, which every OS keeps per user without set-up. */
public final class PreferencesSettings implements Settings {
    private static final String DARK_THEME = "theme.dark";

    private final Preferences node;

    public PreferencesSettings(Preferences node) {
        this.node = node;
    }

    public static PreferencesSettings forUser() {
        return new PreferencesSettings(Preferences.userRoot().node("dev/arbor/console"));
    }

    @Override
    public boolean darkTheme() {
        return node.getBoolean(DARK_THEME, false);
    }

    @Override
    public void setDarkTheme(boolean dark) {
        node.putBoolean(DARK_THEME, dark);
    }
}
