package dev.arbor.ui.connect;

import dev.arbor.domain.ArborException;
import dev.arbor.domain.ErrorCode;
import dev.arbor.domain.Organization;
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
    private final ObservableList<Organization> neonOrganizations = FXCollections.observableArrayList();
    private final ObjectProperty<Organization> neonOrganization = new SimpleObjectProperty<>(this, "neonOrganization");
    private final StringProperty neonProjectId = new SimpleStringProperty(this, "neonProjectId", "");
    private final ObservableList<Project> neonProjects = FXCollections.observableArrayList();
    private final ObjectProperty<Project> neonProject = new SimpleObjectProperty<>(this, "neonProject");
    private final ReadOnlyBooleanWrapper neonBusy = new ReadOnlyBooleanWrapper(this, "neonBusy");
    private final ReadOnlyStringWrapper neonProblem = new ReadOnlyStringWrapper(this, "neonProblem");
    private final ReadOnlyStringWrapper neonStatus = new ReadOnlyStringWrapper(this, "neonStatus", "");
    private final ReadOnlyBooleanWrapper canLoadProjects = new ReadOnlyBooleanWrapper(this, "canLoadProjects");
    private final ReadOnlyBooleanWrapper canAddNeon = new ReadOnlyBooleanWrapper(this, "canAddNeon");
    /** Bumped whenever the URL or key changes, so that a listing for the old ones is dropped when it arrives. */
    private long neonGeneration;
    private UiExecutor.Task neonQuestion = UiExecutor.Task.DONE;
    /** True while a listing's result sets the organization, which is not the person choosing one. */
    private boolean showingListing;

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
        neonProject.addListener((o, a, b) -> {
            neonProblem.set(null);
            if (b != null) {
                neonProjectId.set("");
            }
        });
        // A typed id and a chosen project exclude each other: the one touched last is the one added.
        neonProjectId.addListener((o, a, b) -> {
            neonProblem.set(null);
            if (!blank(b)) {
                neonProject.set(null);
            }
        });
        neonOrganization.addListener((o, a, b) -> {
            if (!showingListing && b != null && !b.equals(a)) {
                listOrganizationsProjects();
            }
        });
        neonBaseUrl.addListener((o, a, b) -> forgetListing());
        neonApiKey.addListener((o, a, b) -> forgetListing());
        canLoadProjects.bind(Bindings.createBooleanBinding(
                () -> !neonBusy.get() && !blank(neonBaseUrl.get()) && !blank(neonApiKey.get()),
                neonBusy, neonBaseUrl, neonApiKey));
        canAddNeon.bind(Bindings.createBooleanBinding(
                () -> !neonBusy.get() && (neonProject.get() != null || !blank(neonProjectId.get()))
                        && !blank(neonApiKey.get()),
                neonBusy, neonProject, neonProjectId, neonApiKey));
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

    /** The organizations the key's owner belongs to, after {@link #loadProjects()}; empty where there are none. */
    public ObservableList<Organization> neonOrganizations() {
        return FXCollections.unmodifiableObservableList(neonOrganizations);
    }

    /**
     * The organization whose projects are listed. Choosing one lists its projects; it is remembered in the new
     * profile. Null until the listing picks the only one or the person chooses.
     */
    public ObjectProperty<Organization> neonOrganizationProperty() {
        return neonOrganization;
    }

    /** A project id typed instead of choosing from the list; the project is then looked up by id alone. */
    public StringProperty neonProjectIdProperty() {
        return neonProjectId;
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

    /**
     * Lists the key's organizations and the projects of the chosen one (or of the only one) at the base URL,
     * off the UI thread. With several organizations and none chosen yet, the person is asked to choose.
     */
    public void loadProjects() {
        if (!canLoadProjects.get()) {
            neonProblem.set("Enter the API's base URL and an API key, then load the projects.");
            return;
        }
        String url = strip(neonBaseUrl.get());
        String key = strip(neonApiKey.get());
        Organization chosen = neonOrganization.get();
        askNeon("Loading projects…", () -> listing(url, key, chosen), this::show,
                "Arbor could not list the projects at " + url + ".");
    }

    /**
     * Runs one question to Neon off the UI thread, showing {@code status} while it runs. Only the newest question's
     * answer is used: a person who asks again, or chooses another organization, makes earlier answers stale.
     */
    private <T> void askNeon(String status, java.util.concurrent.Callable<T> question, java.util.function.Consumer<T> onAnswer,
                             String failureContext) {
        long generation = ++neonGeneration;
        neonQuestion.cancel();
        neonBusy.set(true);
        neonProblem.set(null);
        neonStatus.set(status);
        neonQuestion = executor.submit(question, answer -> {
            if (generation == neonGeneration) {
                onAnswer.accept(answer);
            }
        }, failure -> {
            if (generation != neonGeneration) {
                return;
            }
            neonBusy.set(false);
            neonStatus.set("");
            neonProblem.set(UserError.of(failure, failureContext).sentence());
        });
    }

    /** Saves the Neon profile (its key apart from the settings) and switches to it. */
    public void addNeonAndSwitch() {
        Project project = neonProject.get();
        String typedId = strip(neonProjectId.get());
        if (project == null && typedId.isEmpty()) {
            neonProblem.set("Load the key's projects and choose one, or type the project's id.");
            return;
        }
        String typedName = strip(neonName.get());
        String nameProblem = typedName.isEmpty() ? null : nameProblem(typedName);
        if (nameProblem != null) {
            neonProblem.set(nameProblem);
            return;
        }
        if (project != null) {
            saveNeon(project);
            return;
        }
        String url = strip(neonBaseUrl.get());
        String key = strip(neonApiKey.get());
        askNeon("Looking up project " + typedId + "…", () -> neon.findProject(url, key, typedId), this::saveNeon,
                "Arbor could not look up the project \"" + typedId + "\".");
    }

    private void saveNeon(Project project) {
        String name = blank(neonName.get()) ? project.name() : strip(neonName.get());
        String nameProblem = nameProblem(name);
        if (nameProblem != null) {
            neonBusy.set(false);
            neonStatus.set("");
            neonProblem.set(nameProblem);
            return;
        }
        Organization org = neonOrganization.get();
        ConnectionProfile.Neon p = new ConnectionProfile.Neon(name, strip(neonBaseUrl.get()), project.id(),
                org == null ? null : org.id());
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

    /** What one listing found: the organizations, the one listed (or null), and its projects. */
    private record Listing(List<Organization> organizations, Organization listed, List<Project> projects,
                           boolean mustChoose) {
    }

    // Runs off the UI thread.
    private Listing listing(String url, String key, Organization chosen) {
        List<Organization> orgs;
        try {
            orgs = neon.listOrganizations(url, key);
        } catch (ArborException e) {
            if (e.code() == ErrorCode.UNAVAILABLE) {
                throw e;
            }
            // No organizations to offer (a server without them, or a key not allowed to ask): list without one.
            // A key that is simply wrong is refused again by the listing, with the sentence for that.
            orgs = List.of();
        }
        Organization listed = chosen != null && orgs.contains(chosen) ? chosen : orgs.size() == 1 ? orgs.get(0) : null;
        if (listed == null && orgs.size() > 1) {
            return new Listing(orgs, null, List.of(), true);
        }
        try {
            return new Listing(orgs, listed, neon.listProjects(url, key, listed == null ? null : listed.id()), false);
        } catch (ArborException e) {
            if ("ORGANIZATION_REQUIRED".equals(e.reason()) && orgs.isEmpty()) {
                throw new ArborException(e.code(), e.reason(), "Your Neon account belongs to an organization, and"
                        + " Neon lists a personal API key's projects one organization at a time, but Arbor could not"
                        + " list your organizations. Type the project's id instead (Neon Console → Project settings),"
                        + " or use an API key created for the organization.", e.details(), e);
            }
            throw e;
        }
    }

    private void show(Listing found) {
        neonBusy.set(false);
        showingListing = true;
        try {
            neonOrganizations.setAll(found.organizations());
            neonOrganization.set(found.listed());
        } finally {
            showingListing = false;
        }
        neonProjects.setAll(found.projects());
        neonProject.set(found.projects().size() == 1 ? found.projects().get(0) : null);
        if (found.mustChoose()) {
            neonStatus.set("You belong to " + found.organizations().size()
                    + " organizations; choose one to see its projects.");
            return;
        }
        String where = found.listed() == null ? "" : " in " + found.listed().label();
        neonStatus.set(switch (found.projects().size()) {
            case 0 -> "The key sees no projects" + where + ". Create one in the Neon Console"
                    + (found.organizations().size() > 1 ? ", choose another organization," : "") + " or use another key.";
            case 1 -> "1 project" + where;
            default -> found.projects().size() + " projects" + where + "; choose one.";
        });
    }

    /** The person chose an organization: its projects replace the ones listed. */
    private void listOrganizationsProjects() {
        neonGeneration++;
        neonBusy.set(false);
        neonProjects.clear();
        neonProject.set(null);
        if (canLoadProjects.get()) {
            loadProjects();
        }
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

    /**
     * Stop: stops waiting for Neon's answer to Load projects or a project lookup. Only questions run here, so
     * nothing is left half done; the person can ask again.
     */
    public void stopLoading() {
        if (!neonBusy.get() || !neonQuestion.cancel()) {
            return;
        }
        neonGeneration++;
        neonBusy.set(false);
        neonStatus.set("");
        neonProblem.set("Stopped waiting for Neon. Load the projects again when you are ready.");
    }

    /** Closes the dialog; a question to Neon still running is stopped. */
    public void cancel() {
        neonGeneration++;
        neonQuestion.cancel();
        onClose.run();
    }

    private void forgetListing() {
        neonGeneration++;
        neonQuestion.cancel();
        neonBusy.set(false);
        neonOrganizations.clear();
        neonOrganization.set(null);
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
