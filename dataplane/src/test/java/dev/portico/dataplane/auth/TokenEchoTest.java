package dev.portico.dataplane.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a refusal shows of a token's values: bounded, without control or format characters. */
class TokenEchoTest {
    @Test
    void shortPrintableValuesAreShownAsTheyAre() {
        assertThat(TokenEcho.of("https://id.shop.example")).isEqualTo("https://id.shop.example");
        assertThat(TokenEcho.of("Zürich ✓")).isEqualTo("Zürich ✓");
    }

    @Test
    void longValuesAreCutTo64CharactersAndSaySo() {
        assertThat(TokenEcho.of("a".repeat(64))).isEqualTo("a".repeat(64));
        assertThat(TokenEcho.of("a".repeat(65))).isEqualTo("a".repeat(64) + "...");
    }

    @Test
    void controlAndFormatCharactersAreDropped() {
        assertThat(TokenEcho.of("a\r\nb\u0000c\u001bd\u007fe\u0085f\u202eg\u200bh")).isEqualTo("abcdefgh");
    }

    @Test
    void aCutNeverSplitsACharacterOutsideTheBasicPlane() {
        String cut = TokenEcho.of("a".repeat(63) + "😀" + "tail");
        assertThat(cut).isEqualTo("a".repeat(63) + "...");
        assertThat(TokenEcho.of("\ud800lone")).as("a lone surrogate is no character").isEqualTo("lone");
    }

    @Test
    void listsShowTheirFirstThreeValuesAndCountTheRest() {
        assertThat(TokenEcho.list(List.of("x"))).isEqualTo("[x]");
        assertThat(TokenEcho.list(List.of("a", "b", "c"))).isEqualTo("[a, b, c]");
        assertThat(TokenEcho.list(List.of("a", "b", "c", "d", "e"))).isEqualTo("[a, b, c, ... 2 more]");
        assertThat(TokenEcho.list(List.of("x".repeat(100)))).isEqualTo("[" + "x".repeat(64) + "...]");
    }
}
