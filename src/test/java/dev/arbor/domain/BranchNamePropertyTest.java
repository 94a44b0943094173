package dev.arbor.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever a client sends, a name the rules accept is stored and read back as exactly itself. */
class BranchNamePropertyTest {

    @Provide
    Arbitrary<String> anyText() {
        // every UTF-16 unit, lone surrogates included, and short mixes of the characters the rules are about
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(300),
                Arbitraries.strings().withChars('\ud800', '\udc00', '\ud83d', '\ude00', '\u200b', '\u200c', '\u200d',
                        '\u202e', '\u2066', '\u2028', '\ufeff', ' ', '\u00a0', '\u0301', '\u3164', '\t', 'a', 'b', '\u00e9',
                        '\u0645').ofMaxLength(12));
    }

    @Property(tries = 2000)
    void anAcceptedNameSurvivesUtf8AndShowsWhatItIs(@ForAll("anyText") String name) {
        if (!BranchName.check(name).allowed()) {
            return;
        }
        assertEquals(name, new String(name.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8),
                "SQLite stores UTF-8; an accepted name must come back as itself");
        assertTrue(BranchName.length(name) <= BranchName.MAX_LENGTH);
        assertEquals(name, name.strip().length() == name.length() ? name : name.strip());
        assertTrue(name.codePoints().noneMatch(cp -> Character.getType(cp) == Character.CONTROL
                || Character.getType(cp) == Character.LINE_SEPARATOR || Character.getType(cp) == Character.PARAGRAPH_SEPARATOR
                || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200b || cp == 0xfeff), name);
    }
}
