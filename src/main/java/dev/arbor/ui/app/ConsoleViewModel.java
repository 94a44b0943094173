package dev.arbor.ui.app;

import dev.arbor.ui.connect.BackendSource;
import dev.arbor.backend.BranchBackend;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.Project;
import dev.arbor.ui.branches.BranchTableModel;
import dev.arbor.ui.common.Activity;
import dev.arbor.ui.common.Settings;
import dev.arbor.ui.connect.ConnectionProfile;
import dev.arbor.ui.connect.ConnectionsViewModel;
import dev.arbor.ui.connect.ProfileOpener;
import dev.arbor.ui.project.ProjectState;
import java.time.Clock;
import java.util.List;
import dev.arbor.ui.common.UiExecutor;
import dev.arbor.ui.common.UserError;
import java.time.ZoneId;
import java.util.Objects;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console window: opens the project, then hands it to the pages; owns the backend and the theme.
 */
public final class ConsoleViewModel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleViewModel.class);
    private static final String APP_NAME = "Arbor";

    public enum Phase { OPENING, READY, FAILED, CLOSED }

    private record Opened(BranchBackend backend, Project project, String location, ProjectState state,
                          BranchTableModel table) {
    }

    private final UiExecutor executor;
    private final Settings settings;
    private final Clock clock;
    private final ProfileOpener opener;
    private final Activity activity;
    private BackendSource source;

    private final ReadOnlyObjectWrapper<Phase> phase = new ReadOnlyObjectWrapper<>(this, "phase", Phase.OPENING);
    private final ReadOnlyStringWrapper projectName = new ReadOnlyStringWrapper(this, "projectName", APP_NAME);
    private final ReadOnlyStringWrapper location = new ReadOnlyStringWrapper(this, "location");
    private final ReadOnlyStringWrapper windowTitle = new ReadOnlyStringWrapper(this, "windowTitle", APP_NAME);
    private final ReadOnlyObjectWrapper<UserError> openError = new ReadOnlyObjectWrapper<>(this, "openError");
    private final ReadOnlyObjectWrapper<BranchTableModel> branches = new ReadOnlyObjectWrapper<>(this, "branches");
    private final ReadOnlyBooleanWrapper darkTheme = new ReadOnlyBooleanWrapper(this, "darkTheme");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyObjectWrapper<BranchesPageViewModel> page = new ReadOnlyObjectWrapper<>(this, "page");
    private final ReadOnlyObjectWrapper<ConnectionsViewModel> connections = new ReadOnlyObjectWrapper<>(this, "connections");

    private BranchBackend backend;
    private ProjectState state;
    private boolean opening;

    public ConsoleViewModel(BackendSource source, UiExecutor executor, Settings settings, ZoneId zone, ProfileOpener opener) {
        this(source, executor, settings, Clock.system(zone), opener);
    }

    public ConsoleViewModel(BackendSource source, UiExecutor executor, Settings settings, Clock clock, ProfileOpener opener) {
        this.source = Objects.requireNonNull(source);
        this.executor = Objects.requireNonNull(executor);
        this.settings = Objects.requireNonNull(settings);
        this.clock = Objects.requireNonNull(clock);
        this.opener = Objects.requireNonNull(opener);
        this.activity = new Activity(executor);
        location.set(source.description());
        darkTheme.set(settings.darkTheme());
    }

    // Properties

    public ReadOnlyObjectProperty<Phase> phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    /** The project's name once it is open; the app's name before. */
    public ReadOnlyStringProperty projectNameProperty() {
        return projectName.getReadOnlyProperty();
    }

    /** Where the project lives: the source's description, then the backend's own. */
    public ReadOnlyStringProperty locationProperty() {
        return location.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty windowTitleProperty() {
        return windowTitle.getReadOnlyProperty();
    }

    /** Why the project could not be opened, while {@link Phase#FAILED}. */
    public ReadOnlyObjectProperty<UserError> openErrorProperty() {
        return openError.getReadOnlyProperty();
    }

    /** The Branches table, once the project is open. */
    public ReadOnlyObjectProperty<BranchTableModel> branchesProperty() {
        return branches.getReadOnlyProperty();
    }

    /** The whole Branches page (table, details, actions, dialogs), once the project is open. */
    public ReadOnlyObjectProperty<BranchesPageViewModel> pageProperty() {
        return page.getReadOnlyProperty();
    }

    /** The open connection switcher, or null. */
    public ReadOnlyObjectProperty<ConnectionsViewModel> connectionsProperty() {
        return connections.getReadOnlyProperty();
    }

    /** What runs now and how the last action ended, for the status area. */
    public Activity activity() {
        return activity;
    }

    public Settings settings() {
        return settings;
    }

    public ReadOnlyBooleanProperty darkThemeProperty() {
        return darkTheme.getReadOnlyProperty();
    }

    /** One sentence for the status line: opening, the page's status, or that opening failed. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    // Commands

    /** Opens the project; after a failure, tries again. */
    public void open() {
        if (opening || backend != null || phase.get() == Phase.CLOSED) {
            return;
        }
        opening = true;
        openError.set(null);
        phase.set(Phase.OPENING);
        status.set("Opening the project at " + source.description() + "…");
        executor.submit(this::openBackend, this::opened, this::openFailed);
    }

    public void toggleTheme() {
        darkTheme.set(!darkTheme.get());
        settings.setDarkTheme(darkTheme.get());
    }

    /** Opens the connection switcher. */
    public void openConnections() {
        if (connections.get() != null || phase.get() == Phase.CLOSED) {
            return;
        }
        connections.set(new ConnectionsViewModel(settings, executor, opener.neon(),
                opener.builtInProfiles(),
                settings.activeProfile(), this::switchTo, () -> connections.set(null)));
    }

    /** Closes the open project and opens the one the profile names, in the same window. */
    public void switchTo(ConnectionProfile profile) {
        switchTo(opener.sourceFor(profile));
    }

    /**
     * Closes the open project and opens {@code next}. The old backend lets go of its directory off the
     * UI thread, and the new one opens only after, so that switching back to it works at once.
     */
    public void switchTo(BackendSource next) {
        if (phase.get() == Phase.CLOSED || opening) {
            return;
        }
        source = Objects.requireNonNull(next);
        location.set(next.description());
        BranchBackend old = backend;
        backend = null;
        dropPage();
        // the status line speaks of the open project: the last one's restore or failure is not this one's
        activity.clear();
        opening = true;
        openError.set(null);
        phase.set(Phase.OPENING);
        status.set("Opening the project at " + next.description() + "…");
        executor.submit(() -> {
            if (old != null) {
                closeBackend(old);
            }
            return openBackend();
        }, this::opened, this::openFailed);
    }

    /**
     * Releases the project. Blocks until the backend has let go of it, so that the next process can
     * open the same data directory as soon as this one has gone.
     */
    @Override
    public void close() {
        if (phase.get() == Phase.CLOSED) {
            return;
        }
        phase.set(Phase.CLOSED);
        dropPage();
        if (backend != null) {
            closeBackend(backend);
            backend = null;
        }
    }

    // Opening

    private Opened openBackend() throws Exception {
        BranchBackend opened = source.open(said -> executor.onUiThread(() -> {
            if (phase.get() == Phase.OPENING) {
                status.set(said);
            }
        }));
        try {
            Project project = opened.project();
            String where = opened.describe();
            // The branches start loading now, on another worker, while the UI thread builds the page. The state
            // and the table are made here, before anything observes them, so the load builds the rows too.
            ProjectState state = new ProjectState(opened, executor, clock);
            BranchTableModel table = new BranchTableModel(state);
            state.start();
            return new Opened(opened, project, where, state, table);
        } catch (RuntimeException e) {
            closeBackend(opened);
            throw e;
        }
    }

    private void opened(Opened result) {
        opening = false;
        if (phase.get() == Phase.CLOSED) {
            // The window went away while the project opened. The app is exiting, so letting go of
            // the project here, on the UI thread, delays nothing a person would see.
            result.state().close();
            closeBackend(result.backend());
            return;
        }
        backend = result.backend();
        projectName.set(result.project().name());
        location.set(result.location());
        windowTitle.set(result.project().name() + " — " + APP_NAME);
        state = result.state();
        BranchesPageViewModel pageModel = new BranchesPageViewModel(backend, executor, activity, state,
                result.table(), settings, this::toggleTheme, this::openConnections);
        branches.set(result.table());
        page.set(pageModel);
        status.bind(result.table().statusProperty());
        phase.set(Phase.READY);
    }

    private void dropPage() {
        status.unbind();
        if (page.get() != null) {
            page.get().close();
        }
        if (state != null) {
            state.close();
            state = null;
        }
        page.set(null);
        branches.set(null);
    }

    private void openFailed(Throwable failure) {
        opening = false;
        if (phase.get() == Phase.CLOSED) {
            return;
        }
        if (failure instanceof ArborException) {
            LOG.warn("Could not open the project at {}: {}", source.description(), failure.getMessage());
        } else {
            LOG.error("Could not open the project at {}", source.description(), failure);
        }
        openError.set(UserError.of(failure, "Arbor could not open the project at " + source.description() + "."));
        status.set("The project is not open.");
        phase.set(Phase.FAILED);
    }

    private static void closeBackend(BranchBackend b) {
        try {
            b.close();
        } catch (RuntimeException e) {
            LOG.warn("Closing the project failed", e);
        }
    }
}
