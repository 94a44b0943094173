package dev.arbor.ui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.Locale;
import javafx.scene.input.KeyCodeCombination;
import org.junit.jupiter.api.Test;

/** The shortcuts' labels, as people on each platform write them; no toolkit needed. */
class ShortcutTest {

    private static String label(Shortcut s, boolean mac) {
        return Shortcut.label((KeyCodeCombination) s.keys(), mac);
    }

    @Test
    void labelsOnLinuxAndWindowsSpellOutCtrlAndShift() {
        assertEquals("Ctrl+N", label(Shortcut.CREATE, false));
        assertEquals("Ctrl+K", label(Shortcut.PALETTE, false));
        assertEquals("Ctrl+Shift+R", label(Shortcut.RESTORE, false));
        assertEquals("Ctrl+T", label(Shortcut.TREE, false));
        assertEquals("F5", label(Shortcut.REFRESH, false));
        assertEquals("Delete", label(Shortcut.DELETE, false));
    }

    @Test
    void labelsOnMacOsUseTheCommandKeyAndApplesSymbols() {
        assertEquals("\u2318N", label(Shortcut.CREATE, true));
        assertEquals("\u2318K", label(Shortcut.PALETTE, true));
        assertEquals("\u21e7\u2318R", label(Shortcut.RESTORE, true), "shift before command, as macOS menus show it");
        assertEquals("F5", label(Shortcut.REFRESH, true));
        assertEquals("F2", label(Shortcut.RENAME, true));
        assertEquals("\u2326", label(Shortcut.DELETE, true));
    }

    @Test
    void offMacOsTheLabelIsWhatJavaFxItselfWouldShow() {
        assumeFalse(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("mac"));
        for (Shortcut s : Shortcut.values()) {
            assertEquals(s.keys().getDisplayText(), s.label(), s.name());
        }
    }
}
