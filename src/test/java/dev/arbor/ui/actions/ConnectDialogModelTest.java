package dev.arbor.ui.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.backend.BranchBackend;
import dev.arbor.engine.EmbeddedBackend;
import dev.arbor.ui.common.SameThreadUiExecutor;
import dev.arbor.ui.common.SteppedUiExecutor;
import dev.arbor.ui.common.UiExecutor;
import dev.arbor.testing.NoConnections;
import dev.arbor.testing.PgProjects;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Connect's model over a real engine whose branches are real Postgres databases (or over a backend without
 * connections). The tests only ask for connections, so they share one project.
 */
class ConnectDialogModelTest {
    private static Path dir;
    private static EmbeddedBackend engine;
    private final AtomicInteger closed = new AtomicInteger();

    @BeforeAll
    static void openEngine() {
        dir = PgProjects.tempDir("arbor-connect-model");
        engine = new EmbeddedBackend(PgProjects.open(dir.resolve("project")));
        // a role and its database made in SQL, as an app's migration would: Arbor does not know alex's password
        PgProjects.sql(engine.engine(), "main", "create role alex login password 'made-in-sql'",
                "grant alex to neondb_owner", "create database shop owner alex");
    }

    @AfterAll
    static void closeEngine() {
        if (engine != null) {
            engine.close();
        }
        PgProjects.deleteQuietly(dir);
    }

    private ConnectDialogModel open(BranchBackend backend, UiExecutor executor) {
        return new ConnectDialogModel(backend, executor, backend.getBranch("main"), closed::incrementAndGet);
    }

    private static String password() {
        return engine.revealPassword(engine.getBranch("main").id(), "neondb_owner");
    }

    private static int port() {
        return engine.engine().connectionDetails("main", null, null).port();
    }

    @Test
    void opensOnNeondbAsItsOwnerWithThePasswordHidden() {
        ConnectDialogModel m = open(engine, new SameThreadUiExecutor());
        assertEquals(ConnectDialogModel.Phase.READY, m.phaseProperty().get());
        assertEquals(List.of("neondb", "shop"), m.databases().stream().sorted().toList());
        assertEquals(List.of("alex", "neondb_owner"), m.roles().stream().sorted().toList());
        assertEquals("neondb", m.databaseProperty().get());
        assertEquals("neondb_owner", m.roleProperty().get());
        assertEquals("postgresql://neondb_owner:********@127.0.0.1:" + port() + "/neondb",
                m.connectionStringProperty().get());
        assertEquals("psql \"postgresql://neondb_owner@127.0.0.1:" + port() + "/neondb\"",
                m.psqlCommandProperty().get());
        assertFalse(m.connectionStringProperty().get().contains(password()));
        assertEquals("Connect to \"main\"", m.title());
    }

    @Test
    void showPasswordRevealsItAndCopyingGivesTheRealConnectionStringEvenWhileHidden() {
        ConnectDialogModel m = open(engine, new SameThreadUiExecutor());
        String real = "postgresql://neondb_owner:" + password() + "@127.0.0.1:" + port() + "/neondb";
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
        ConnectDialogModel m = open(NoConnections.over(engine), new SameThreadUiExecutor());
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
        ConnectDialogModel m = open(engine, new SameThreadUiExecutor());
        m.roleProperty().set("alex");
        assertEquals(ConnectDialogModel.Phase.FAILED, m.phaseProperty().get());
        assertEquals("Arbor does not know the password of role \"alex\": it was made or changed in SQL. Reset it "
                + "through Arbor to get one.", m.errorProperty().get().sentence());
        m.roleProperty().set("neondb_owner");
        assertEquals(ConnectDialogModel.Phase.READY, m.phaseProperty().get());
        assertNull(m.errorProperty().get());
    }

    @Test
    void theWorkRunsOffTheUiThreadAndAnOlderAnswerNeverReplacesANewerOne() {
        SteppedUiExecutor stepped = new SteppedUiExecutor();
        ConnectDialogModel m = open(engine, stepped);
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
        ConnectDialogModel m = open(engine, stepped);
        m.cancel();
        stepped.runAll();
        assertEquals(1, closed.get());
        assertTrue(m.databases().isEmpty());
        assertEquals(ConnectDialogModel.Phase.LOADING, m.phaseProperty().get());
    }
}
