package dev.arbor.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** One name per table and one table per name, whatever characters the schema and table hold. */
class TableNameTest {
    @Test
    void publicTablesGoByTheirNameAndOthersBySchemaDotName() {
        assertEquals("orders", new TableName("public", "orders").display());
        assertEquals("sales.orders", new TableName("sales", "orders").display());
        assertEquals("Mixed Case", new TableName("public", "Mixed Case").display());
        assertEquals("\"a.b\"", new TableName("public", "a.b").display(), "not table b of schema a");
        assertEquals("\"my.schema\".\"x\"\"y\"", new TableName("my.schema", "x\"y").display());
        assertEquals(new TableName("sales", "orders"), TableName.parse("sales.orders"));
        assertEquals(new TableName("public", "a.b"), TableName.parse("\"a.b\""));
        assertEquals(new TableName("public", "orders"), TableName.parse("public.orders"));
    }

    @Test
    void sqlQuotesEveryPartSoANameIsNeverCode() {
        assertEquals("\"public\".\"a\"\"; drop table x; --\"", new TableName("public", "a\"; drop table x; --").sql());
    }

    @Test
    void whatNoTableIsCalledIsASentence() {
        for (String bad : List.of("", "a.b.c", ".a", "a.", "\"open", "a\"b", "\"\"", "\"a\"b")) {
            ArborException e = assertThrows(ArborException.class, () -> TableName.parse(bad), bad);
            assertEquals("INVALID_TABLE_NAME", e.reason());
            assertEquals(ErrorCode.INVALID_INPUT, e.code());
        }
    }

    @Property(tries = 3000)
    void everyNameReadsBackAsItsTable(@ForAll("part") String schema, @ForAll("part") String table) {
        TableName name = new TableName(schema, table);
        assertEquals(name, TableName.parse(name.display()));
    }

    @Provide
    Arbitrary<String> part() {
        return Arbitraries.oneOf(Arbitraries.of("public", "sales", "a.b", "\"", "x\"\"y", ".", "é"),
                Arbitraries.strings().withChars("ab.\" é_Z").ofMinLength(1).ofMaxLength(6));
    }
}
