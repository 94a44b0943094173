package dev.arbor.ui.connect;

import dev.arbor.domain.Project;
import dev.arbor.ui.common.Settings;
import dev.arbor.ui.common.UiExecutor;
import dev.arbor.ui.common.UserError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The connection switcher: saved profiles, the one in use, adding a data directory or a Neon project, and
 * switching, which the console does without restarting. Profiles live in the {@link Settings}; a Neon
 * profile's API key goes to {@link NeonAccess#saveKey} and nowhere else.
 */
public final class ConnectionsViewModel {
    private final Settings settings;
    private final UiExecutor executor;
    private final NeonAccess neon;
    private final Consumer<ConnectionProfile> onSwitch;
    private final Runnable onClose;
    private final ObservableList<ConnectionProfile> profiles = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper active = new ReadOnlyStringWrapper(this, "active");
    private final StringProperty newName = new SimpleStringProperty(this, "newName", "");
    private final StringProperty newDirectory = new SimpleStringProperty(this, "newDirectory", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem");

    private final StringProperty neonName = new SimpleStringProperty(this, "neonName", "");
    private final StringProperty neonBaseUrl = new SimpleStringProperty(this, "neonBaseUrl", "");
    private final StringProperty neonApiKey = new SimpleStringProperty(this, "neonApiKey", "");
    private final ObservableList<Project> neonProjects = FXCollections.observableArrayList();
    private final ObjectProperty<Project> neonProject = new SimpleObjectProperty<>(this, "neonProject");
    private final ReadOnlyBooleanWrapper neonBusy = new ReadOnlyBooleanWrapper(this, "neonBusy");
    private final ReadOnlyStringWrapper neonProblem = new ReadOnlyStringWrapper(this, "neonProblem");
    private final ReadOnlyStringWrapper neonStatus = new ReadOnlyStringWrapper(this, "neonStatus", "");
    private final ReadOnlyBooleanWrapper canLoadProjects = new ReadOnlyBooleanWrapper(this, "canLoadProjects");
    private final ReadOnlyBooleanWrapper canAddNeon = new ReadOnlyBooleanWrapper(this, "canAddNeon");
    /** Bumped whenever the URL or key changes, so that a listing for the old ones is dropped when it arrives. */
    private long neonGeneration;

    /** {@code builtIn} are always offered (the demo, the default project) and are saved on first use. */
    public ConnectionsViewModel(Settings settings, UiExecutor executor, NeonAccess neon, List<ConnectionProfile> builtIn,
                                String activeName, Consumer<ConnectionProfile> onSwitch, Runnable onClose) {
        this.settings = Objects.requireNonNull(settings);
        this.executor = Objects.requireNonNull(executor);
        this.neon = Objects.requireNonNull(neon);
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
        neonBaseUrl.set(neon.defaultBaseUrl());
        newName.addListener((o, a, b) -> problem.set(null));
        newDirectory.addListener((o, a, b) -> problem.set(null));
        neonName.addListener((o, a, b) -> neonProblem.set(null));
        neonProject.addListener((o, a, b) -> neonProblem.set(null));
        neonBaseUrl.addListener((o, a, b) -> forgetListing());
        neonApiKey.addListener((o, a, b) -> forgetListing());
        canLoadProjects.bind(Bindings.createBooleanBinding(
                () -> !neonBusy.get() && !blank(neonBaseUrl.get()) && !blank(neonApiKey.get()),
                neonBusy, neonBaseUrl, neonApiKey));
        canAddNeon.bind(Bindings.createBooleanBinding(
                () -> !neonBusy.get() && neonProject.get() != null && !blank(neonApiKey.get()),
                neonBusy, neonProject, neonApiKey));
    }

    // Properties

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

    /** The new Neon profile's name; when left empty, the chosen project's name is used. */
    public StringProperty neonNameProperty() {
        return neonName;
    }

    /** The API's base URL: Neon's by default, or {@code arbor serve}'s. */
    public StringProperty neonBaseUrlProperty() {
        return neonBaseUrl;
    }

    /** The API key as typed; it leaves this model only for {@link NeonAccess}. */
    public StringProperty neonApiKeyProperty() {
        return neonApiKey;
    }

    /** The projects the key can see, after {@link #loadProjects()}. */
    public ObservableList<Project> neonProjects() {
        return FXCollections.unmodifiableObservableList(neonProjects);
    }

    /** The project the new Neon profile opens, chosen from {@link #neonProjects()}. */
    public ObjectProperty<Project> neonProjectProperty() {
        return neonProject;
    }

    /** True while projects load or the profile is saved. */
    public ReadOnlyBooleanProperty neonBusyProperty() {
        return neonBusy.getReadOnlyProperty();
    }

    /** Why the projects could not be listed or the profile saved, as a sentence; or null. */
    public ReadOnlyStringProperty neonProblemProperty() {
        return neonProblem.getReadOnlyProperty();
    }

    /** What the Neon part is doing or found: "Loading projects…", "2 projects". */
    public ReadOnlyStringProperty neonStatusProperty() {
        return neonStatus.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canLoadProjectsProperty() {
        return canLoadProjects.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canAddNeonProperty() {
        return canAddNeon.getReadOnlyProperty();
    }

    // Commands

    /** Saves the new profile and switches to it. */
    public void addAndSwitch() {
        String name = strip(newName.get());
        String dir = strip(newDirectory.get());
        String nameProblem = nameProblem(name);
        if (nameProblem != null) {
            problem.set(nameProblem);
            return;
        }
        if (dir.isEmpty()) {
            problem.set("Choose the data directory of the project. An empty directory gets a new project.");
            return;
        }
        ConnectionProfile p = new ConnectionProfile.Embedded(name, Path.of(dir).toAbsolutePath().normalize(), false);
        profiles.add(p);
        switchTo(p);
    }

    /** Lists the projects the key can see at the base URL, off the UI thread. */
    public void loadProjects() {
        if (!canLoadProjects.get()) {
            neonProblem.set("Enter the API's base URL and an API key, then load the projects.");
            return;
        }
        String url = strip(neonBaseUrl.get());
        String key = strip(neonApiKey.get());
        long generation = ++neonGeneration;
        neonBusy.set(true);
        neonProblem.set(null);
        neonStatus.set("Loading projects…");
        executor.submit(() -> neon.listProjects(url, key), found -> {
            if (generation != neonGeneration) {
                return;
            }
            neonBusy.set(false);
            neonProjects.setAll(found);
            neonProject.set(found.size() == 1 ? found.get(0) : null);
            neonStatus.set(switch (found.size()) {
                case 0 -> "The key sees no projects. Create one in the Neon Console, or use another key.";
                case 1 -> "1 project";
                default -> found.size() + " projects; choose one.";
            });
        }, failure -> {
            if (generation != neonGeneration) {
                return;
            }
            neonBusy.set(false);
            neonStatus.set("");
            neonProblem.set(UserError.of(failure, "Arbor could not list the projects at " + url + ".").sentence());
        });
    }

    /** Saves the Neon profile (its key apart from the settings) and switches to it. */
    public void addNeonAndSwitch() {
        Project project = neonProject.get();
        if (project == null) {
            neonProblem.set("Load the key's projects and choose one.");
            return;
        }
        String name = blank(neonName.get()) ? project.name() : strip(neonName.get());
        String nameProblem = nameProblem(name);
        if (nameProblem != null) {
            neonProblem.set(nameProblem);
            return;
        }
        ConnectionProfile.Neon p = new ConnectionProfile.Neon(name, strip(neonBaseUrl.get()), project.id());
        String key = strip(neonApiKey.get());
        neonBusy.set(true);
        neonStatus.set("Saving the profile…");
        executor.submit(() -> {
            neon.saveKey(p, key);
            return p;
        }, saved -> {
            neonBusy.set(false);
            neonStatus.set("");
            neonApiKey.set("");
            profiles.add(saved);
            switchTo(saved);
        }, failure -> {
            neonBusy.set(false);
            neonStatus.set("");
            neonProblem.set(UserError.of(failure, "Arbor could not save the profile \"" + name + "\".").sentence());
        });
    }

    /** Forgets a profile, and a Neon profile's key; the one in use stays until another is chosen. */
    public void remove(ConnectionProfile p) {
        if (p.name().equals(active.get())) {
            return;
        }
        profiles.remove(p);
        save();
        if (p instanceof ConnectionProfile.Neon) {
            executor.submit(() -> {
                neon.forgetKey(p.name());
                return p;
            }, forgotten -> { }, failure -> problem.set(
                    UserError.of(failure, "Arbor could not forget the key of \"" + p.name() + "\".").sentence()));
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
        neonGeneration++;
        onClose.run();
    }

    private void forgetListing() {
        neonGeneration++;
        neonBusy.set(false);
        neonProjects.clear();
        neonProject.set(null);
        neonProblem.set(null);
        neonStatus.set("");
    }

    private String nameProblem(String name) {
        if (name.isEmpty() || name.contains("\t") || name.contains("\n")) {
            return "Give the profile a name, without tabs.";
        }
        if (profiles.stream().anyMatch(p -> p.name().equals(name))) {
            return "A profile named \"" + name + "\" already exists; choose another name.";
        }
        return null;
    }

    private void save() {
        settings.setProfiles(profiles.stream().map(ConnectionProfile::encode).toList());
    }

    private static String strip(String s) {
        return s == null ? "" : s.strip();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
