package dev.arbor.ui.common;

import java.util.Locale;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;

/**
 * The console's keyboard shortcuts, in one table: the page matches key presses against {@link #keys()} and
 * every place that names a shortcut (the palette, tooltips, prompts) shows {@link #label()}, so the two cannot
 * disagree. Labels follow the platform: "Ctrl+Shift+R" on Linux and Windows, "⇧⌘R" on macOS.
 */
public enum Shortcut {
    FIND("Find a branch by name or ID", new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN)),
    CREATE("Create a branch", new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN)),
    PALETTE("Find a branch or an action", new KeyCodeCombination(KeyCode.K, KeyCombination.SHORTCUT_DOWN)),
    RESTORE("Restore a branch", new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN,
            KeyCombination.SHIFT_DOWN)),
    TREE("Show the branches as a table or a tree", new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN)),
    REFRESH("Load the branches again", new KeyCodeCombination(KeyCode.F5)),
    CONNECT("Connect to the selected branch", new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN,
            KeyCombination.SHIFT_DOWN)),
    SQL_EDITOR("Open the SQL editor of the selected branch", new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN,
            KeyCombination.SHIFT_DOWN)),
    RUN_SQL("Run the script, or the selected statements", new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN)),
    RENAME("Rename the selected branch", new KeyCodeCombination(KeyCode.F2)),
    DELETE("Delete the selected branches", new KeyCodeCombination(KeyCode.DELETE));

    private static final boolean MAC = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("mac");

    private final String does;
    private final KeyCodeCombination keys;

    Shortcut(String does, KeyCodeCombination keys) {
        this.does = does;
        this.keys = keys;
    }

    /** What the shortcut does, in words. */
    public String does() {
        return does;
    }

    public KeyCombination keys() {
        return keys;
    }

    public boolean matches(KeyEvent e) {
        return keys.match(e);
    }

    /** {@code text} followed by the keys in brackets, for a tooltip or a prompt: "Create a branch (Ctrl+N)". */
    public String after(String text) {
        return text + " (" + label() + ")";
    }

    /** The keys as people on this platform write them. */
    public String label() {
        return label(keys, MAC);
    }

    /**
     * The keys as written on macOS (modifier symbols in Apple's order ⌃⌥⇧⌘, then the key, no separators) or
     * elsewhere ("Ctrl+Alt+Shift+Meta+" then the key), as {@link KeyCombination#getDisplayText()} writes them on
     * that platform; the shortcut modifier is ⌘ on macOS and Ctrl elsewhere. A function of the platform rather
     * than of the running toolkit, so both forms can be checked anywhere.
     */
    static String label(KeyCodeCombination keys, boolean mac) {
        StringBuilder s = new StringBuilder();
        boolean shortcut = keys.getShortcut() == KeyCombination.ModifierValue.DOWN;
        boolean control = keys.getControl() == KeyCombination.ModifierValue.DOWN;
        boolean alt = keys.getAlt() == KeyCombination.ModifierValue.DOWN;
        boolean shift = keys.getShift() == KeyCombination.ModifierValue.DOWN;
        boolean meta = keys.getMeta() == KeyCombination.ModifierValue.DOWN;
        if (mac) {
            s.append(control ? "\u2303" : "").append(alt ? "\u2325" : "").append(shift ? "\u21e7" : "")
                    .append(meta || shortcut ? "\u2318" : "");
        } else {
            s.append(control || shortcut ? "Ctrl+" : "").append(alt ? "Alt+" : "").append(shift ? "Shift+" : "")
                    .append(meta ? "Meta+" : "");
        }
        return s.append(keyName(keys.getCode(), mac)).toString();
    }

    private static String keyName(KeyCode code, boolean mac) {
        if (mac && code == KeyCode.DELETE) {
            return "\u2326"; // the forward-delete key's symbol on a Mac keyboard
        }
        if (code == KeyCode.ENTER) {
            return "\u21b5"; // as JavaFX's own menus write Enter
        }
        return code.getName();
    }
}
