package dev.arbor.ui.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.arbor.ui.common.InMemorySettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionsViewModelTest {
    @TempDir
    Path dir;

    private final InMemorySettings settings = new InMemorySettings();
    private final List<ConnectionProfile> switched = new ArrayList<>();

    private ConnectionsViewModel model() {
        return new ConnectionsViewModel(settings, List.of(new ConnectionProfile("Demo project", dir.resolve("demo"), true)),
                settings.activeProfile(), switched::add, () -> { });
    }

    @Test
    void aNewProfileIsSavedAndSwitchedTo() {
        ConnectionsViewModel m = model();
        m.newNameProperty().set("Work");
        m.newDirectoryProperty().set(dir.resolve("work").toString());
        m.addAndSwitch();

        assertEquals("Work", switched.get(0).name());
        assertEquals("Work", settings.activeProfile());
        ConnectionsViewModel again = model();
        assertEquals(List.of("Demo project", "Work"), again.profiles().stream().map(ConnectionProfile::name).toList());
        assertEquals("Work", again.activeProperty().get());
    }

    @Test
    void aProfileNeedsAUniqueNameAndADirectory() {
        ConnectionsViewModel m = model();
        m.newNameProperty().set("Demo project");
        m.newDirectoryProperty().set(dir.toString());
        m.addAndSwitch();
        assertEquals("A profile named \"Demo project\" already exists; choose another name.", m.problemProperty().get());
        m.newNameProperty().set("Other");
        m.newDirectoryProperty().set("");
        m.addAndSwitch();
        assertNotNull(m.problemProperty().get());
        assertEquals(0, switched.size());
    }

    @Test
    void profilesSurviveTheirTextForm() {
        ConnectionProfile p = new ConnectionProfile("A b", dir, true);
        assertEquals(p, ConnectionProfile.decode(p.encode()));
    }
}
