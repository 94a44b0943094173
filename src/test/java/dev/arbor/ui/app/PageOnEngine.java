package dev.arbor.ui.app;

import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.ui.branches.BranchTableModel;
import dev.arbor.ui.common.Activity;
import dev.arbor.ui.common.SameThreadUiExecutor;
import dev.arbor.ui.project.ProjectState;
import dev.arbor.testing.PgProjects;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;

/** The Branches page's models, started on one thread over a real engine in a directory, for plain JUnit tests. */
public final class PageOnEngine implements AutoCloseable {
    public final EmbeddedBackend backend;
    public final Activity activity;
    public final BranchesPageViewModel page;

    public PageOnEngine(Path dataDir) {
        backend = EmbeddedBackend.open(PgProjects.prepare(dataDir), PgProjects.options());
        SameThreadUiExecutor executor = new SameThreadUiExecutor();
        activity = new Activity(executor);
        ProjectState state = new ProjectState(backend, executor, Clock.system(ZoneOffset.UTC));
        page = new BranchesPageViewModel(backend, executor, activity, state, new BranchTableModel(state), () -> { }, () -> { });
        page.start();
    }

    @Override
    public void close() {
        page.close();
        page.state().close();
        backend.close();
    }
}
