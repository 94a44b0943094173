package dev.arbor.ui.actions;

import dev.arbor.backend.BranchBackend;
import dev.arbor.backend.ConnectionDetails;
import dev.arbor.domain.Branch;
import dev.arbor.domain.Database;
import dev.arbor.domain.Role;
import dev.arbor.ui.common.UiExecutor;
import dev.arbor.ui.common.UserError;
import java.util.List;
import java.util.Objects;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Connect: how a Postgres client reaches a branch. The person picks a database and a role (the branch's own,
 * {@code neondb} and {@code neondb_owner} first when it has them); the connection string is shown with its password
 * hidden until they ask to see it, and the psql command never carries it. Copying the connection string copies the
 * real one, password included, since that is what a client needs. Everything the backend is asked runs off the UI
 * thread; a backend that gives no connections says so in its own sentence.
 */
public final class ConnectDialogModel implements ActionDialog {
    static final String DEFAULT_DATABASE = "neondb";
    static final String DEFAULT_ROLE = "neondb_owner";

    /** What the dialog is doing: loading (the pickers or the connection), showing the connection, or failed. */
    public enum Phase { LOADING, READY, FAILED }

    private final BranchBackend backend;
    private final UiExecutor executor;
    private final Branch branch;
    private final Runnable onClose;

    private final ObservableList<String> databases = FXCollections.observableArrayList();
    private final ObservableList<String> roles = FXCollections.observableArrayList();
    private final ObjectProperty<String> database = new SimpleObjectProperty<>(this, "database");
    private final ObjectProperty<String> role = new SimpleObjectProperty<>(this, "role");
    private final ReadOnlyObjectWrapper<Phase> phase = new ReadOnlyObjectWrapper<>(this, "phase", Phase.LOADING);
    private final ReadOnlyObjectWrapper<UserError> error = new ReadOnlyObjectWrapper<>(this, "error");
    private final ReadOnlyObjectWrapper<ConnectionDetails> details = new ReadOnlyObjectWrapper<>(this, "details");
    private final ReadOnlyBooleanWrapper passwordShown = new ReadOnlyBooleanWrapper(this, "passwordShown");
    private final ReadOnlyStringWrapper connectionString = new ReadOnlyStringWrapper(this, "connectionString", "");
    private final ReadOnlyStringWrapper psqlCommand = new ReadOnlyStringWrapper(this, "psqlCommand", "");
    private final ReadOnlyStringWrapper copied = new ReadOnlyStringWrapper(this, "copied", "");
    /** Answers to earlier requests (another database picked since, the dialog closed) are dropped. */
    private long generation;
    private boolean closed;

    ConnectDialogModel(BranchBackend backend, UiExecutor executor, Branch branch, Runnable onClose) {
        this.backend = Objects.requireNonNull(backend);
        this.executor = Objects.requireNonNull(executor);
        this.branch = Objects.requireNonNull(branch);
        this.onClose = Objects.requireNonNull(onClose);
        database.addListener((o, a, b) -> loadConnection());
        role.addListener((o, a, b) -> loadConnection());
        passwordShown.addListener((o, a, b) -> showText());
        details.addListener((o, a, b) -> {
            copied.set(""); // what was copied belongs to the connection shown before
            showText();
        });
        loadPickers();
    }

    // Properties

    @Override
    public String title() {
        return "Connect to \"" + branch.name() + "\"";
    }

    public Branch branch() {
        return branch;
    }

    /** The branch's databases, by name. */
    public ObservableList<String> databases() {
        return FXCollections.unmodifiableObservableList(databases);
    }

    /** The branch's roles, by name. */
    public ObservableList<String> roles() {
        return FXCollections.unmodifiableObservableList(roles);
    }

    /** The database to connect to: the picker's value. */
    public ObjectProperty<String> databaseProperty() {
        return database;
    }

    /** The role to connect as: the picker's value. */
    public ObjectProperty<String> roleProperty() {
        return role;
    }

    public ReadOnlyObjectProperty<Phase> phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    /** Why there is no connection to show, while {@link Phase#FAILED}. */
    public ReadOnlyObjectProperty<UserError> errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The connection shown, or null while there is none. */
    public ReadOnlyObjectProperty<ConnectionDetails> detailsProperty() {
        return details.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty passwordShownProperty() {
        return passwordShown.getReadOnlyProperty();
    }

    /** The connection string as shown: the password as {@code ********} until {@link #showPassword()}. */
    public ReadOnlyStringProperty connectionStringProperty() {
        return connectionString.getReadOnlyProperty();
    }

    /** The psql command line, which leaves the password out (psql asks for it, or reads {@code PGPASSWORD}). */
    public ReadOnlyStringProperty psqlCommandProperty() {
        return psqlCommand.getReadOnlyProperty();
    }

    /** What the last copy put on the clipboard, in words; empty before any. */
    public ReadOnlyStringProperty copiedProperty() {
        return copied.getReadOnlyProperty();
    }

    // Commands

    public void showPassword() {
        if (details.get() != null) {
            passwordShown.set(true);
        }
    }

    public void hidePassword() {
        passwordShown.set(false);
    }

    public void togglePassword() {
        if (passwordShown.get()) {
            hidePassword();
        } else {
            showPassword();
        }
    }

    /** The connection string to put on the clipboard: the real one, with the password; null when there is none. */
    public String copyConnectionString() {
        ConnectionDetails d = details.get();
        if (d == null) {
            return null;
        }
        copied.set("Copied the connection string, password included.");
        return d.uri();
    }

    /** The psql command to put on the clipboard; null when there is none. */
    public String copyPsqlCommand() {
        ConnectionDetails d = details.get();
        if (d == null) {
            return null;
        }
        copied.set("Copied the psql command; psql asks for the password.");
        return d.psqlCommand();
    }

    /** Asks again, after a failure: for the pickers when they are empty, else for the connection. */
    public void retry() {
        if (databases.isEmpty() || roles.isEmpty()) {
            loadPickers();
        } else {
            loadConnection();
        }
    }

    @Override
    public void cancel() {
        closed = true;
        generation++;
        onClose.run();
    }

    // Loading

    private record Pickers(List<String> databases, List<String> roles) {
    }

    private void loadPickers() {
        long mine = ++generation;
        phase.set(Phase.LOADING);
        error.set(null);
        executor.submit(() -> new Pickers(backend.listDatabases(branch.id()).stream().map(Database::name).toList(),
                        backend.listRoles(branch.id()).stream().map(Role::name).toList()),
                pickers -> {
                    if (mine != generation || closed) {
                        return;
                    }
                    databases.setAll(pickers.databases());
                    roles.setAll(pickers.roles());
                    if (databases.isEmpty() || roles.isEmpty()) {
                        fail(new UserError("\"" + branch.name() + "\" has no " + (databases.isEmpty() ? "database" : "role")
                                + " to connect with. Create one on the branch first.", "NOTHING_TO_CONNECT", null));
                        return;
                    }
                    String db = pick(databases, DEFAULT_DATABASE, database.get());
                    String r = pick(roles, DEFAULT_ROLE, role.get());
                    if (Objects.equals(db, database.get()) && Objects.equals(r, role.get())) {
                        loadConnection();
                    } else {
                        // each set loads the connection; the last one's answer is the one kept
                        database.set(db);
                        role.set(r);
                    }
                },
                failure -> {
                    if (mine == generation && !closed) {
                        fail(UserError.of(failure, "Arbor could not load the branch's databases and roles."));
                    }
                });
    }

    private void loadConnection() {
        String db = database.get();
        String r = role.get();
        if (db == null || r == null) {
            return;
        }
        long mine = ++generation;
        phase.set(Phase.LOADING);
        error.set(null);
        details.set(null);
        executor.submit(() -> backend.connectionDetails(branch.id(), db, r),
                d -> {
                    if (mine == generation && !closed) {
                        details.set(d);
                        phase.set(Phase.READY);
                    }
                },
                failure -> {
                    if (mine == generation && !closed) {
                        fail(UserError.of(failure, "Arbor could not get the connection details of \"" + branch.name() + "\"."));
                    }
                });
    }

    private void fail(UserError e) {
        details.set(null);
        error.set(e);
        phase.set(Phase.FAILED);
    }

    /** What was picked before, when still there; else the default when there; else the first. */
    private static String pick(List<String> names, String preferred, String current) {
        if (current != null && names.contains(current)) {
            return current;
        }
        return names.contains(preferred) ? preferred : names.get(0);
    }

    private void showText() {
        ConnectionDetails d = details.get();
        connectionString.set(d == null ? "" : passwordShown.get() ? d.uri() : d.uriWithoutPassword());
        psqlCommand.set(d == null ? "" : d.psqlCommand());
    }
}
