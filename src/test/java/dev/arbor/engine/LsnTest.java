package dev.arbor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbor.domain.ArborException;
import dev.arbor.domain.ErrorCode;
import dev.arbor.domain.Lsn;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LsnTest {
    @Test
    void parsesHexCaseInsensitiveAndFormatsUpperCase() {
        assertEquals(0x1DE2850L, Lsn.parse("0/1DE2850").value());
        assertEquals(Lsn.parse("0/1de2850"), Lsn.parse("0/1DE2850"));
        assertEquals("0/1DE2850", Lsn.parse("0/1de2850").toString());
        assertEquals("FFFFFFFF/FFFFFFFF", Lsn.parse("ffffffff/ffffffff").toString());
        assertEquals((1L << 32) | 5, Lsn.parse("1/5").value());
    }

    @Test
    void comparesByPosition() {
        assertTrue(Lsn.parse("0/FFFFFFFF").compareTo(Lsn.parse("1/0")) < 0);
        assertTrue(Lsn.parse("0/10").isBefore(Lsn.parse("0/11")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "/1", "0/", "0/1DE2850G", "123456789/0", "0/123456789", "x/1", "0//1", "-1/1", " "})
    void refusesMalformedWithASentenceNamingIt(String text) {
        ArborException e = assertThrows(ArborException.class, () -> Lsn.parse(text));
        assertEquals(ErrorCode.INVALID_INPUT, e.code());
        assertEquals("INVALID_LSN", e.reason());
        assertTrue(e.getMessage().contains("\"" + text + "\""), e.getMessage());
    }

    @Property
    void formatThenParseIsIdentity(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long v) {
        assertEquals(new Lsn(v), Lsn.parse(new Lsn(v).toString()));
    }
}
