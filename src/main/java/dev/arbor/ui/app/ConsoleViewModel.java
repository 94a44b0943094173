package dev.arbor.ui.app;

import dev.arbor.backend.BranchBackend;
import dev.arbor.domain.ArborException;
import dev.arbor.domain.Project;
import dev.arbor.ui.branches.BranchListViewModel;
import dev.arbor.ui.common.Settings;
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

    private record Opened(BranchBackend backend, Project project, String location) {
    }

    private final BackendSource source;
    private final UiExecutor executor;
    private final Settings settings;
    private final ZoneId zone;

    private final ReadOnlyObjectWrapper<Phase> phase = new ReadOnlyObjectWrapper<>(this, "phase", Phase.OPENING);
    private final ReadOnlyStringWrapper projectName = new ReadOnlyStringWrapper(this, "projectName", APP_NAME);
    private final ReadOnlyStringWrapper location = new ReadOnlyStringWrapper(this, "location");
    private final ReadOnlyStringWrapper windowTitle = new ReadOnlyStringWrapper(this, "windowTitle", APP_NAME);
    private final ReadOnlyObjectWrapper<UserError> openError = new ReadOnlyObjectWrapper<>(this, "openError");
    private final ReadOnlyObjectWrapper<BranchListViewModel> branches = new ReadOnlyObjectWrapper<>(this, "branches");
    private final ReadOnlyBooleanWrapper darkTheme = new ReadOnlyBooleanWrapper(this, "darkTheme");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");

    private BranchBackend backend;
    private boolean opening;

    public ConsoleViewModel(BackendSource source, UiExecutor executor, Settings settings, ZoneId zone) {
        this.source = Objects.requireNonNull(source);
        this.executor = Objects.requireNonNull(executor);
        this.settings = Objects.requireNonNull(settings);
        this.zone = Objects.requireNonNull(zone);
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

    /** The Branches page, once the project is open. */
    public ReadOnlyObjectProperty<BranchListViewModel> branchesProperty() {
        return branches.getReadOnlyProperty();
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
        status.unbind();
        if (branches.get() != null) {
            branches.get().close();
        }
        if (backend != null) {
            closeBackend(backend);
            backend = null;
        }
    }

    // Opening

    private Opened openBackend() throws Exception {
        BranchBackend opened = source.open();
        try {
            return new Opened(opened, opened.project(), opened.describe());
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
            closeBackend(result.backend());
            return;
        }
        backend = result.backend();
        projectName.set(result.project().name());
        location.set(result.location());
        windowTitle.set(result.project().name() + " — " + APP_NAME);
        BranchListViewModel page = new BranchListViewModel(backend, executor, zone);
        branches.set(page);
        status.bind(page.statusProperty());
        phase.set(Phase.READY);
        page.start();
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
