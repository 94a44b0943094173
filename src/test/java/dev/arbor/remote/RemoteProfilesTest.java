package dev.arbor.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RemoteProfilesTest {
    @TempDir
    Path tmp;

    private static final RemoteProfile WORK = new RemoteProfile("work", "https://console.neon.tech/api/v2",
            "floral-disk-86322740", ApiKey.of("napi_secret_one"));

    @Test
    void savedProfilesReadBackWithTheirKeys() {
        RemoteProfiles profiles = new RemoteProfiles(tmp.resolve("arbor"));
        profiles.save(WORK);
        profiles.save(new RemoteProfile("local", "http://127.0.0.1:4000/api/v2", "local-project", ApiKey.of("k2")));
        profiles.save(new RemoteProfile("work", null, "floral-disk-86322740", ApiKey.of("napi_secret_two")));

        List<RemoteProfile> back = new RemoteProfiles(tmp.resolve("arbor")).list();

        assertEquals(List.of("local", "work"), back.stream().map(RemoteProfile::name).toList());
        assertEquals(ApiKey.of("napi_secret_two"), back.get(1).apiKey());
        assertEquals(NeonApiClient.DEFAULT_BASE_URL, back.get(1).baseUrl());
        assertTrue(profiles.remove("local"));
        assertFalse(profiles.remove("local"));
        assertEquals(List.of(WORK.name()), profiles.list().stream().map(RemoteProfile::name).toList());
    }

    @Test
    void theFileIsReadableByItsOwnerOnly() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        RemoteProfiles profiles = new RemoteProfiles(tmp.resolve("config/arbor"));

        profiles.save(WORK);
        profiles.save(WORK);

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(profiles.file())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("config/arbor"))));
        try (var left = Files.list(tmp.resolve("config/arbor"))) {
            assertEquals(List.of(RemoteProfiles.FILE_NAME), left.map(p -> p.getFileName().toString()).toList(),
                    "no temporary file is left behind");
        }
    }

    @Test
    void theConfigDirectoryCanBeOverriddenForTests() {
        String before = System.getProperty("arbor.config");
        System.setProperty("arbor.config", tmp.toString());
        try {
            assertEquals(tmp, RemoteProfiles.configDir());
            assertEquals(tmp.resolve(RemoteProfiles.FILE_NAME), RemoteProfiles.atDefaultLocation().file());
        } finally {
            if (before == null) {
                System.clearProperty("arbor.config");
            } else {
                System.setProperty("arbor.config", before);
            }
        }
    }

    @Test
    void anUnreadableFileIsReportedWithoutItsContents() throws Exception {
        Files.createDirectories(tmp);
        Files.writeString(tmp.resolve(RemoteProfiles.FILE_NAME), "{\"profiles\":[{\"api_key\":\"napi_leak\"");

        var e = org.junit.jupiter.api.Assertions.assertThrows(dev.arbor.domain.ArborException.class,
                () -> new RemoteProfiles(tmp).list());

        assertEquals("PROFILES_UNREADABLE", e.reason());
        assertFalse(e.toString().contains("napi_leak") || String.valueOf(e.details()).contains("napi_leak"));
    }

    @Test
    void theOrganizationAProjectWasChosenInIsSavedWithTheProfileAndReadsBack() throws Exception {
        RemoteProfiles profiles = new RemoteProfiles(tmp.resolve("arbor"));
        profiles.save(new RemoteProfile("Acme shop", null, "shiny-wind-028834", ApiKey.of("napi_secret_1"),
                "org-morning-bread-81040908"));
        profiles.save(new RemoteProfile("Personal", null, "winter-boat-259881", ApiKey.of("napi_secret_2")));

        assertEquals("org-morning-bread-81040908", profiles.get("Acme shop").orElseThrow().orgId());
        assertEquals(null, profiles.get("Personal").orElseThrow().orgId());
        assertFalse(Files.readString(profiles.file()).contains("\"org_id\":null"), "no organization, no field");
    }
}
