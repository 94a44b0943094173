package dev.arbor.server;

import static dev.arbor.api.NeonSpec.assertComponent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbor.domain.BranchName;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import dev.arbor.testing.PgProjects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile names and oversized requests against a real server: each is refused with a Neon error body and a
 * sentence, nothing changes, and the project still opens with its default branch afterwards.
 */
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
@org.junit.jupiter.api.parallel.ResourceLock(dev.arbor.testing.Parallel.POSTGRES_3)
class HostileNamesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    ServerHarness h;
    /** The refusals change nothing, so every confusing name is tried on one project with a branch "dev". */
    private static ServerHarness refusing;
    private static Path refusingDir;

    @BeforeEach
    void start(TestInfo test) {
        if (!test.getTestMethod().orElseThrow().getName().equals("confusingNamesAreRefusedOnCreateRenameAndRestoreWithASentence")) {
            h = new ServerHarness(dir);
        }
    }

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    @AfterAll
    static void closeRefusing() {
        if (refusing != null) {
            refusing.close();
        }
        PgProjects.deleteQuietly(refusingDir);
    }

    private static synchronized ServerHarness refusing() {
        if (refusing == null) {
            refusingDir = PgProjects.tempDir("arbor-hostile-names");
            refusing = new ServerHarness(refusingDir.resolve("project"));
            assertEquals(201, refusing.post(refusing.p("/branches"), createNamed("dev")).status());
        }
        return refusing;
    }

    /** Asserts the status and code of a Neon error body with a sentence, and returns it. */
    private static JsonNode refused(int status, String code, ServerHarness.Response r) {
        assertEquals(status, r.status(), r.text());
        assertComponent("GeneralError", r.json());
        assertEquals(code, r.json().get("code").asText(), r.text());
        assertFalse(r.json().get("message").asText().isBlank());
        return r.json();
    }

    /** A create body naming the branch; the name is written into JSON as escapes, exactly as a client sends it. */
    private static String createNamed(String name) {
        return "{\"branch\": {\"name\": \"" + escaped(name) + "\"}}";
    }

    private static String renameTo(String name) {
        return "{\"branch\": {\"name\": \"" + escaped(name) + "\"}}";
    }

    /** Every non-ASCII or control UTF-16 unit as a JSON \\u escape, so a lone surrogate reaches the server as sent. */
    private static String escaped(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private List<String> branchNames() {
        return branchNames(h);
    }

    private static List<String> branchNames(ServerHarness h) {
        List<String> names = new ArrayList<>();
        h.get(h.p("/branches")).json().get("branches").forEach(b -> names.add(b.get("name").asText()));
        return names;
    }

    private int endpointCount() {
        return h.get(h.p("/endpoints")).json().get("endpoints").size();
    }

    @Test
    void aLoneSurrogateNameIsRefusedAndCannotCostTheDefaultBranchItsRow() {
        String mainId = h.branchId("main");
        JsonNode created = refused(400, "INVALID_BRANCH_NAME", h.post(h.p("/branches"), createNamed("m\ud800")));
        assertTrue(created.get("message").asText().contains("valid Unicode text"), created.toString());
        JsonNode renamed = refused(400, "INVALID_BRANCH_NAME", h.patch(h.p("/branches/" + mainId), renameTo("m\ud800")));
        assertTrue(renamed.get("message").asText().contains("valid Unicode text"), renamed.toString());
        refused(400, "INVALID_BRANCH_NAME", h.patch(h.p("/branches/" + mainId), renameTo("\udc00m")));
        // the name SQLite would have stored the broken one as: a different, ordinary name
        assertEquals(201, h.post(h.p("/branches"), createNamed("m?")).status());
        assertEquals(List.of("m?", "main"), branchNames().stream().sorted().toList());

        h.close();
        h = new ServerHarness(dir);
        JsonNode main = h.get(h.p("/branches/" + mainId)).json().get("branch");
        assertEquals("main", main.get("name").asText());
        assertTrue(main.get("default").asBoolean(), main.toString());
        assertEquals(201, h.post(h.p("/branches"), createNamed("after-restart")).status());
        assertEquals(List.of("after-restart", "m?", "main"), branchNames().stream().sorted().toList());
    }

    static Stream<String> confusingNames() {
        return Stream.of(
                "\u200b",                       // only a zero-width space
                "\u200b\u200c\u200d\u2060",     // only invisible characters
                "\u3164\u3164",                 // Hangul fillers: letters that draw nothing
                "\u0301",                       // a lone combining accent
                "   ",                          // only spaces
                "a\u2028b",                     // line separator
                "a\u2029b",                     // paragraph separator
                "main\u202e",                   // right-to-left override
                "\u2066dev\u2069",              // directional isolates
                "ma\u200bin",                   // a zero-width space inside a real name
                "\ufeffmain",                   // byte order mark
                " main",                        // leading space
                "main ",                        // trailing space
                "a\u00a0b",                     // no-break space that looks like a space
                "tab\there",                    // control character
                "count",                        // GET /branches/count is the count, never this branch
                "..",                           // a path segment clients collapse
                "br-young-forest-a5b6c7d8");    // another branch's id, by its shape
    }

    @ParameterizedTest
    @MethodSource("confusingNames")
    void confusingNamesAreRefusedOnCreateRenameAndRestoreWithASentence(String name) {
        ServerHarness h = refusing();
        String devId = h.branchId("dev");
        List<String> before = branchNames(h);
        JsonNode create = refused(400, "INVALID_BRANCH_NAME", h.post(h.p("/branches"), createNamed(name)));
        // the sentence the console's dialogs show for the same name
        assertEquals(BranchName.check(name).message(), create.get("message").asText());
        refused(400, "INVALID_BRANCH_NAME", h.patch(h.p("/branches/" + devId), renameTo(name)));
        if (!name.isBlank()) {
            // a blank backup name means "no backup" to a restore, which has its own answer
            refused(400, "INVALID_BRANCH_NAME", h.post(h.p("/branches/" + devId + "/restore"), "{\"source_branch_id\": \""
                    + devId + "\", \"source_lsn\": \"0/1000000\", \"preserve_under_name\": \"" + escaped(name) + "\"}"));
        }
        assertEquals(before, branchNames(h), "a refused name changes nothing");
    }

    @Test
    void theLengthLimitCountsCharactersNotUtf16Units() {
        String grin = "\ud83d\ude00";
        assertEquals(201, h.post(h.p("/branches"), createNamed(grin.repeat(256))).status());
        JsonNode tooLong = refused(400, "INVALID_BRANCH_NAME", h.post(h.p("/branches"), createNamed("x" + grin.repeat(256))));
        assertTrue(tooLong.get("message").asText().contains("at most 256 characters; this one has 257"), tooLong.toString());
    }

    @Test
    void realTextWithJoinersAndAccentsIsAccepted() {
        for (String name : List.of("dev-\ud83d\udc69\u200d\ud83d\udcbb", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
                "caf\u00e9", "feature/login form", "\u65e5\u672c\u8a9e")) {
            assertEquals(201, h.post(h.p("/branches"), createNamed(name)).status(), name);
        }
        assertTrue(branchNames().contains("feature/login form"));
    }

    @Test
    void aNameThatOnlyLooksDifferentIsTaken() {
        assertEquals(201, h.post(h.p("/branches"), createNamed("caf\u00e9")).status());
        List<String> before = branchNames();
        JsonNode taken = refused(409, "BRANCH_NAME_TAKEN", h.post(h.p("/branches"), createNamed("cafe\u0301")));
        assertTrue(taken.get("message").asText().contains("looks the same"), taken.toString());
        assertEquals(before, branchNames());
    }

    private static String createWithEndpoints(int readOnly) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("branch").put("name", "replicas");
        ArrayNode eps = body.putArray("endpoints");
        eps.addObject().put("type", "read_write");
        for (int i = 0; i < readOnly; i++) {
            eps.addObject().put("type", "read_only");
        }
        return body.toString();
    }

    @Test
    void oneRequestCannotAskForMoreComputesThanABranchMayHave() {
        List<String> branches = branchNames();
        int endpoints = endpointCount();
        JsonNode huge = refused(400, "TOO_MANY_ENDPOINTS", h.post(h.p("/branches"), createWithEndpoints(1_999)));
        assertTrue(huge.get("message").asText().contains("at most 10 computes"), huge.toString());
        assertTrue(huge.get("message").asText().contains("asks for 2000"), huge.toString());
        refused(400, "TOO_MANY_ENDPOINTS", h.post(h.p("/branches"), createWithEndpoints(10)));
        assertEquals(branches, branchNames(), "nothing was created");
        assertEquals(endpoints, endpointCount(), "no compute was created");

        ServerHarness.Response most = h.post(h.p("/branches"), createWithEndpoints(9));
        assertEquals(201, most.status(), most.text());
        assertEquals(10, most.json().get("endpoints").size());
        String id = most.json().at("/branch/id").asText();
        JsonNode more = refused(400, "ENDPOINTS_LIMIT_EXCEEDED", h.post(h.p("/endpoints"),
                "{\"endpoint\": {\"branch_id\": \"" + id + "\", \"type\": \"read_only\"}}"));
        assertTrue(more.get("message").asText().contains("already has 10 computes"), more.toString());
        assertEquals(endpoints + 10, endpointCount());
    }
}
