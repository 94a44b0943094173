package dev.arbor.ui.common;

/** What the console remembers between runs. */
public interface Settings {

    boolean darkTheme();

    void setDarkTheme(boolean dark);
}
