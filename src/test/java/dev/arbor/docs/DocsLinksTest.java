package dev.arbor.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The README, the changelog and the guides link only to files that exist, pictures included. */
class DocsLinksTest {
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)\\)");

    @Test
    void everyRelativeLinkAndPictureInTheDocsExists() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path doc : docs()) {
            Matcher m = LINK.matcher(Files.readString(doc));
            while (m.find()) {
                String target = m.group(1);
                if (target.contains("://") || target.startsWith("#") || target.startsWith("mailto:")) {
                    continue;
                }
                Path file = doc.toAbsolutePath().getParent().resolve(target.replaceFirst("#.*$", "")).normalize();
                if (!Files.exists(file)) {
                    broken.add(doc + " → " + target);
                }
            }
        }
        assertEquals(List.of(), broken, "links to files that do not exist");
    }

    @Test
    void theUserGuideShowsEverySectionItsContentsList() throws IOException {
        String guide = Files.readString(Path.of("docs/user-guide.md"));
        Matcher m = Pattern.compile("\\]\\(#([a-z0-9-]+)\\)").matcher(guide);
        int anchors = 0;
        while (m.find()) {
            anchors++;
            String anchor = m.group(1);
            boolean found = guide.lines().filter(l -> l.startsWith("#")).map(DocsLinksTest::anchorOf).anyMatch(anchor::equals);
            assertTrue(found, "the guide links to #" + anchor + " but has no such heading");
        }
        assertTrue(anchors >= 10, "the guide's contents list is missing");
    }

    /** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
    private static String anchorOf(String heading) {
        return heading.replaceFirst("^#+\\s*", "").toLowerCase().replaceAll("[^a-z0-9 -]", "").replace(' ', '-');
    }

    private static List<Path> docs() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(Path.of("README.md"), Path.of("CHANGELOG.md")));
        try (Stream<Path> files = Files.list(Path.of("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }
}
