package dev.portico.dataplane.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FieldSyntaxTest {

    @Test
    void visibleCharactersWithSpacesAndTabsInsideAreAValue() {
        assertThat(FieldSyntax.invalidAt("prod")).isEqualTo(-1);
        assertThat(FieldSyntax.invalidAt("")).isEqualTo(-1);
        assertThat(FieldSyntax.invalidAt("no-store, max-age=0")).isEqualTo(-1);
        assertThat(FieldSyntax.invalidAt("a\tb")).isEqualTo(-1);
        assertThat(FieldSyntax.invalidAt("caf\u00e9")).isEqualTo(-1);
    }

    @Test
    void lineBreaksControlsOuterBlanksAndWideCharactersAreNot() {
        assertThat(FieldSyntax.invalidAt("a\r\nX-Injected: 1")).isEqualTo(1);
        assertThat(FieldSyntax.invalidAt("a\nb")).isEqualTo(1);
        assertThat(FieldSyntax.invalidAt("a\0")).isEqualTo(1);
        assertThat(FieldSyntax.invalidAt("a\u007f")).isEqualTo(1);
        assertThat(FieldSyntax.invalidAt(" a")).isEqualTo(0);
        assertThat(FieldSyntax.invalidAt("a\t")).isEqualTo(1);
        assertThat(FieldSyntax.invalidAt("\u010a")).as("U+010A would go out as the byte 0x0A").isEqualTo(0);
        assertThat(FieldSyntax.invalidAt(null)).isEqualTo(0);
    }

    @Test
    void theReasonQuotesTheValueOnOneLine() {
        assertThat(FieldSyntax.whyNotValue("a\r\nX-Injected: 1")).isEqualTo("\"a\\r\\nX-Injected: 1\" is not an HTTP "
                + "field value: control character 0x0D at index 1 (visible characters, with spaces and tabs only "
                + "inside, no CR, LF or NUL)");
        assertThat(FieldSyntax.whyNotValue("a ")).contains("white space at the end");
        assertThat(FieldSyntax.whyNotValue("ok")).isNull();
    }

    @Test
    void aNameIsAToken() {
        assertThat(FieldSyntax.isName("X-Api-Key")).isTrue();
        assertThat(FieldSyntax.isName("x!#$%&'*+-.^_`|~9")).isTrue();
        assertThat(FieldSyntax.isName("X A")).isFalse();
        assertThat(FieldSyntax.isName("X:A")).isFalse();
        assertThat(FieldSyntax.isName("")).isFalse();
        assertThat(FieldSyntax.isName(null)).isFalse();
    }
}
