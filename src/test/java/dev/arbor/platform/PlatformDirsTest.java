package dev.arbor.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.arbor.platform.PlatformDirs.Os;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each platform's directories, with and without the variables that move them; no real environment needed. */
class PlatformDirsTest {
    private static final Path HOME = Path.of("/home/ada");

    private static PlatformDirs on(Os os, Map<String, String> env) {
        return new PlatformDirs(os, HOME, env::get);
    }

    @Test
    void linuxFollowsTheXdgVariablesAndTheirDefaults() {
        PlatformDirs plain = on(Os.LINUX, Map.of());
        assertEquals(HOME.resolve(".local/share/arbor"), plain.data());
        assertEquals(HOME.resolve(".config/arbor"), plain.config());
        assertEquals(HOME.resolve(".cache/arbor"), plain.cache());

        PlatformDirs moved = on(Os.LINUX, Map.of("XDG_DATA_HOME", "/d", "XDG_CONFIG_HOME", "/c", "XDG_CACHE_HOME", "/k"));
        assertEquals(Path.of("/d/arbor"), moved.data());
        assertEquals(Path.of("/c/arbor"), moved.config());
        assertEquals(Path.of("/k/arbor"), moved.cache());

        assertEquals(HOME.resolve(".local/share/arbor"), on(Os.LINUX, Map.of("XDG_DATA_HOME", " ")).data(),
                "an empty variable means the default, as the XDG specification says");
    }

    @Test
    void macOsUsesApplicationSupportAndCachesUnderLibrary() {
        PlatformDirs mac = on(Os.MAC, Map.of("XDG_DATA_HOME", "/ignored"));
        assertEquals(HOME.resolve("Library/Application Support/Arbor"), mac.data());
        assertEquals(HOME.resolve("Library/Application Support/Arbor"), mac.config());
        assertEquals(HOME.resolve("Library/Caches/Arbor"), mac.cache());
    }

    @Test
    void windowsUsesLocalAndRoamingAppData() {
        PlatformDirs win = on(Os.WINDOWS, Map.of("LOCALAPPDATA", "/local", "APPDATA", "/roaming"));
        assertEquals(Path.of("/local/Arbor"), win.data());
        assertEquals(Path.of("/roaming/Arbor"), win.config());
        assertEquals(Path.of("/local/Arbor/cache"), win.cache());

        PlatformDirs unset = on(Os.WINDOWS, Map.of());
        assertEquals(HOME.resolve("AppData/Local/Arbor"), unset.data());
        assertEquals(HOME.resolve("AppData/Roaming/Arbor"), unset.config());
        assertEquals(HOME.resolve("AppData/Local/Arbor/cache"), unset.cache());
    }

    @Test
    void thePlatformIsReadFromTheOsName() {
        assertEquals(Os.WINDOWS, Os.named("Windows 11"));
        assertEquals(Os.MAC, Os.named("Mac OS X"));
        assertEquals(Os.LINUX, Os.named("Linux"));
        assertEquals(Os.LINUX, Os.named("FreeBSD"));
        assertEquals(Os.LINUX, Os.named(null));
    }
}
