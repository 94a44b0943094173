package dev.arbor.ui.connect;

import dev.arbor.ui.common.Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The connection switcher: saved profiles, the one in use, adding a data directory, and switching,
 * which the console does without restarting. Profiles live in the {@link Settings}.
 */
public final class ConnectionsViewModel {
    private final Settings settings;
    private final Consumer<ConnectionProfile> onSwitch;
    private final Runnable onClose;
    private final ObservableList<ConnectionProfile> profiles = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper active = new ReadOnlyStringWrapper(this, "active");
    private final StringProperty newName = new SimpleStringProperty(this, "newName", "");
    private final StringProperty newDirectory = new SimpleStringProperty(this, "newDirectory", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem");

    /** {@code builtIn} are always offered (the demo, the default project) and are saved on first use. */
    public ConnectionsViewModel(Settings settings, List<ConnectionProfile> builtIn, String activeName,
                                Consumer<ConnectionProfile> onSwitch, Runnable onClose) {
        this.settings = Objects.requireNonNull(settings);
        this.onSwitch = Objects.requireNonNull(onSwitch);
        this.onClose = Objects.requireNonNull(onClose);
        List<ConnectionProfile> all = new ArrayList<>();
        for (String line : settings.profiles()) {
            ConnectionProfile p = ConnectionProfile.decode(line);
            if (p != null && all.stream().noneMatch(q -> q.name().equals(p.name()))) {
                all.add(p);
            }
        }
        for (ConnectionProfile p : builtIn) {
            if (all.stream().noneMatch(q -> q.name().equals(p.name()))) {
                all.add(p);
            }
        }
        profiles.setAll(all);
        active.set(activeName);
        newName.addListener((o, a, b) -> problem.set(null));
        newDirectory.addListener((o, a, b) -> problem.set(null));
    }

    public ObservableList<ConnectionProfile> profiles() {
        return FXCollections.unmodifiableObservableList(profiles);
    }

    /** The name of the profile in use, or null when the console was started on a directory without one. */
    public ReadOnlyStringProperty activeProperty() {
        return active.getReadOnlyProperty();
    }

    public StringProperty newNameProperty() {
        return newName;
    }

    /** The data directory for a new profile; the view's directory chooser fills it in. */
    public StringProperty newDirectoryProperty() {
        return newDirectory;
    }

    /** Why the new profile cannot be added, or null. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** Saves the new profile and switches to it. */
    public void addAndSwitch() {
        String name = newName.get() == null ? "" : newName.get().strip();
        String dir = newDirectory.get() == null ? "" : newDirectory.get().strip();
        if (name.isEmpty() || name.contains("\t")) {
            problem.set("Give the profile a name, without tabs.");
            return;
        }
        if (profiles.stream().anyMatch(p -> p.name().equals(name))) {
            problem.set("A profile named \"" + name + "\" already exists; choose another name.");
            return;
        }
        if (dir.isEmpty()) {
            problem.set("Choose the data directory of the project. An empty directory gets a new project.");
            return;
        }
        ConnectionProfile p = new ConnectionProfile(name, Path.of(dir).toAbsolutePath().normalize(), false);
        profiles.add(p);
        switchTo(p);
    }

    /** Forgets a profile; the one in use stays until another is chosen. */
    public void remove(ConnectionProfile p) {
        if (!p.name().equals(active.get())) {
            profiles.remove(p);
            save();
        }
    }

    public void switchTo(ConnectionProfile p) {
        save();
        settings.setActiveProfile(p.name());
        active.set(p.name());
        onClose.run();
        onSwitch.accept(p);
    }

    public void cancel() {
        onClose.run();
    }

    private void save() {
        settings.setProfiles(profiles.stream().map(ConnectionProfile::encode).toList());
    }
}
