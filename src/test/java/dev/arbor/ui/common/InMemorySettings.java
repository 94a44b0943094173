package dev.arbor.ui.common;

/** {@link Settings} that last as long as the test, so tests never touch the user's preferences. */
public final class InMemorySettings implements Settings {
    private boolean darkTheme;

    @Override
    public boolean darkTheme() {
        return darkTheme;
    }

    @Override
    public void setDarkTheme(boolean dark) {
        darkTheme = dark;
    }
}
