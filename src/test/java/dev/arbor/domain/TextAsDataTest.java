package dev.arbor.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Text that is data (type names, error reasons) reads the same in every locale: in Turkish, "I" lower-cases to
 * a dotless "ı", which would turn {@code BIGINT} into {@code bıgınt}.
 */
class TextAsDataTest {
    private Locale before;

    @BeforeEach
    void turkish() {
        before = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR"));
    }

    @AfterEach
    void restore() {
        Locale.setDefault(before);
    }

    @Test
    void columnTypeNamesAreTheSameInATurkishLocale() {
        assertEquals("bigint", ColumnType.BIGINT.sqlName());
    }

    @Test
    void notFoundReasonsAreTheSameInATurkishLocale() {
        assertEquals("BRANCH_NOT_FOUND", ArborException.notFound("branch", "x").reason());
        assertEquals("INDEX_NOT_FOUND", ArborException.notFound("index", "x").reason());
    }
}
