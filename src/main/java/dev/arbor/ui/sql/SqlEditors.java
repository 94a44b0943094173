package dev.arbor.ui.sql;

import dev.arbor.backend.BranchBackend;
import dev.arbor.domain.Branch;
import dev.arbor.ui.common.UiExecutor;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The SQL editors open in this session, at most one per branch (opening it again brings it forward), and the
 * history they share. The page's views open a window for each editor that appears here.
 */
public final class SqlEditors {
    private final BranchBackend backend;
    private final UiExecutor executor;
    private final Clock clock;
    private final SqlHistory history = new SqlHistory();
    private final ObservableList<SqlEditorModel> open = FXCollections.observableArrayList();
    // one view for every caller: a view holds its list weakly, so listeners on a view made per call stop when it is collected
    private final ObservableList<SqlEditorModel> openView = FXCollections.unmodifiableObservableList(open);

    public SqlEditors(BranchBackend backend, UiExecutor executor, Clock clock) {
        this.backend = Objects.requireNonNull(backend);
        this.executor = Objects.requireNonNull(executor);
        this.clock = Objects.requireNonNull(clock);
    }

    /** The open editors, in the order they were opened. */
    public ObservableList<SqlEditorModel> open() {
        return openView;
    }

    /** Opens the editor of {@code branch}, or brings its open one forward. */
    public SqlEditorModel open(Branch branch) {
        for (SqlEditorModel m : open) {
            if (m.branch().id().equals(branch.id())) {
                m.requestFocus();
                return m;
            }
        }
        SqlEditorModel[] made = new SqlEditorModel[1];
        made[0] = new SqlEditorModel(backend, executor, branch, history, clock, () -> open.remove(made[0]));
        open.add(made[0]);
        return made[0];
    }

    /** The project changed: each editor follows its branch as it is now ({@code null}: deleted, left as it was). */
    public void follow(java.util.function.Function<String, Branch> current) {
        for (SqlEditorModel m : open) {
            Branch now = current.apply(m.branch().id());
            if (now != null) {
                m.branchChanged(now);
            }
        }
    }

    /** Closes every editor and its connection (the project is going away). */
    public void closeAll() {
        for (SqlEditorModel m : List.copyOf(open)) {
            m.close();
        }
    }
}
