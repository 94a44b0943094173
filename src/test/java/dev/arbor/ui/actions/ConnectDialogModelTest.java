package dev.arbor.ui.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.backend.BranchBackend;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.pg.BranchPostgres;
import dev.arbor.ui.common.SameThreadUiExecutor;
import dev.arbor.ui.common.SteppedUiExecutor;
import dev.arbor.ui.common.UiExecutor;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connect's model over a real engine whose connections lead to a real Postgres (or to none). */
class ConnectDialogModelTest {
    private static BranchPostgres postgres;

    @TempDir
    Path dir;
    private EmbeddedBackend engine;
    private final AtomicInteger closed = new AtomicInteger();

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = BranchPostgres.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void openEngine() {
        engine = EmbeddedBackend.open(dir.resolve("project"));
        engine.engine().write("main", tx -> {
            tx.createRole("alex");
            tx.createDatabase("shop", "alex");
        });
    }

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    private ConnectDialogModel open(BranchBackend backend, UiExecutor executor) {
        return new ConnectDialogModel(backend, executor, backend.getBranch("main"), closed::incrementAndGet);
    }

    private String password() {
        return postgres.server().ownerPassword();
    }

    @Test
    void opensOnNeondbAsItsOwnerWithThePasswordHidden() {
        ConnectDialogModel m = open(postgres.over(engine), new SameThreadUiExecutor());
        assertEquals(ConnectDialogModel.Phase.READY, m.phaseProperty().get());
        assertEquals(List.of("neondb", "shop"), m.databases().stream().sorted().toList());
        assertEquals(List.of("alex", "neondb_owner"), m.roles().stream().sorted().toList());
        assertEquals("neondb", m.databaseProperty().get());
        assertEquals("neondb_owner", m.roleProperty().get());
        assertEquals("postgresql://neondb_owner:********@127.0.0.1:" + postgres.server().port() + "/neondb",
                m.connectionStringProperty().get());
        assertEquals("psql \"postgresql://neondb_owner@127.0.0.1:" + postgres.server().port() + "/neondb\"",
                m.psqlCommandProperty().get());
        assertFalse(m.connectionStringProperty().get().contains(password()));
        assertEquals("Connect to \"main\"", m.title());
    }

    @Test
    void showPasswordRevealsItAndCopyingGivesTheRealConnectionStringEvenWhileHidden() {
        ConnectDialogModel m = open(postgres.over(engine), new SameThreadUiExecutor());
        String real = "postgresql://neondb_owner:" + password() + "@127.0.0.1:" + postgres.server().port() + "/neondb";
        assertEquals(real, m.copyConnectionString());
        assertEquals("Copied the connection string, password included.", m.copiedProperty().get());
        assertFalse(m.passwordShownProperty().get(), "copying does not show the password");

        m.showPassword();
        assertEquals(real, m.connectionStringProperty().get());
        m.togglePassword();
        assertFalse(m.connectionStringProperty().get().contains(password()));

        assertFalse(m.copyPsqlCommand().contains(password()));
        assertEquals("Copied the psql command; psql asks for the password.", m.copiedProperty().get());

        m.databaseProperty().set("shop");
        assertEquals("", m.copiedProperty().get(), "what was copied was another database's connection");
    }

    @Test
    void aBackendWithoutConnectionsSaysSoInItsOwnSentence() {
        ConnectDialogModel m = open(engine, new SameThreadUiExecutor());
        assertEquals(ConnectDialogModel.Phase.FAILED, m.phaseProperty().get());
        assertEquals("This project's branches have no computes a client can connect to.", m.errorProperty().get().sentence());
        assertEquals("CONNECTIONS_UNAVAILABLE", m.errorProperty().get().code());
        assertEquals("", m.connectionStringProperty().get());
        assertNull(m.copyConnectionString(), "nothing to copy");
        m.showPassword();
        assertFalse(m.passwordShownProperty().get());
    }

    @Test
    void pickingAnotherRoleAsksAgainAndARoleWithoutAConnectionSaysWhy() {
        ConnectDialogModel m = open(postgres.over(engine), new SameThreadUiExecutor());
        m.roleProperty().set("alex");
        assertEquals(ConnectDialogModel.Phase.FAILED, m.phaseProperty().get());
        assertEquals("Branch \"main\" has no role \"alex\".", m.errorProperty().get().sentence());
        m.roleProperty().set("neondb_owner");
        assertEquals(ConnectDialogModel.Phase.READY, m.phaseProperty().get());
        assertNull(m.errorProperty().get());
    }

    @Test
    void theWorkRunsOffTheUiThreadAndAnOlderAnswerNeverReplacesANewerOne() {
        SteppedUiExecutor stepped = new SteppedUiExecutor();
        ConnectDialogModel m = open(postgres.over(engine), stepped);
        assertEquals(ConnectDialogModel.Phase.LOADING, m.phaseProperty().get(), "nothing is asked on the UI thread");
        stepped.runNextWork();
        stepped.runUiThread(); // the pickers: neondb as neondb_owner is being asked for
        assertEquals(ConnectDialogModel.Phase.LOADING, m.phaseProperty().get());
        Runnable neondb = stepped.runNextWorkHoldingResult();
        m.databaseProperty().set("shop"); // the person picks another database before the first answer arrives
        neondb.run();
        assertNull(m.detailsProperty().get(), "the answer for neondb came too late and is dropped");
        stepped.runAll();
        assertEquals("shop", m.detailsProperty().get().database());
    }

    @Test
    void closingDropsAnswersStillOnTheirWay() {
        SteppedUiExecutor stepped = new SteppedUiExecutor();
        ConnectDialogModel m = open(postgres.over(engine), stepped);
        m.cancel();
        stepped.runAll();
        assertEquals(1, closed.get());
        assertTrue(m.databases().isEmpty());
        assertEquals(ConnectDialogModel.Phase.LOADING, m.phaseProperty().get());
    }
}
