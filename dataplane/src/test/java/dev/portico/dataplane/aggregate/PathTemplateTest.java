package dev.portico.dataplane.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portico.dataplane.filter.GatewayException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PathTemplateTest {
    private static String expand(String template, Map<String, String> captures, String query) {
        return PathTemplate.parse(template, "aggregate backend \"b\" path")
                .expand(new RequestValues(captures, query));
    }

    @Test
    void captureFillsExactlyOneSegment() {
        assertThat(expand("/users/{id}/profile", Map.of("id", "42"), null)).isEqualTo("/users/42/profile");
    }

    @Test
    void encodedSlashInACaptureStaysInsideItsSegment() {
        assertThat(expand("/users/{id}", Map.of("id", "..%2Fadmin"), null)).isEqualTo("/users/..%2Fadmin");
        assertThat(expand("/users/{id}", Map.of("id", "../admin"), null)).isEqualTo("/users/..%2Fadmin");
    }

    @Test
    void dotSegmentValuesAreEncodedSoNoBackendResolvesThem() {
        assertThat(expand("/users/{id}/x", Map.of("id", ".."), null)).isEqualTo("/users/%2E%2E/x");
        assertThat(expand("/users/{id}", Map.of("id", "."), null)).isEqualTo("/users/%2E");
        assertThat(expand("/users/{id}", Map.of("id", "a.b"), null)).isEqualTo("/users/a.b");
    }

    @Test
    void percentQuestionMarkAndHashCannotEndTheSegment() {
        assertThat(expand("/users/{id}", Map.of("id", "a%3Fb%23c%25d"), null)).isEqualTo("/users/a%3Fb%23c%25d");
        assertThat(expand("/users/{id}", Map.of("id", "a;b=c"), null)).isEqualTo("/users/a%3Bb%3Dc");
    }

    @Test
    void nonAsciiCapturesAreDecodedOnceAndEncodedOnce() {
        assertThat(expand("/users/{id}", Map.of("id", "caf%C3%A9"), null)).isEqualTo("/users/caf%C3%A9");
        assertThat(expand("/users/{id}", Map.of("id", "100%25"), null)).isEqualTo("/users/100%25");
    }

    @Test
    void queryVariablesAreOneQueryValue() {
        assertThat(expand("/orders?userId={id}&limit=3", Map.of("id", "a%26b%3Dc"), null))
                .isEqualTo("/orders?userId=a%26b%3Dc&limit=3");
        assertThat(expand("/orders?q={q}", Map.of(), "q=x+y%23z")).isEqualTo("/orders?q=x%20y%23z");
    }

    @Test
    void clientQueryParameterFillsANameNoCaptureHas() {
        assertThat(expand("/search/{term}?page={page}", Map.of(), "term=../admin&page=2&page=9"))
                .isEqualTo("/search/..%2Fadmin?page=2");
        assertThat(expand("/users/{id}", Map.of("id", "7"), "id=8")).isEqualTo("/users/7");
    }

    @Test
    void missingValueIs400NamingBackendAndVariable() {
        assertThatThrownBy(() -> expand("/users/{userId}", Map.of(), "other=1"))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("\"b\"").contains("{userId}");
                });
    }

    @Test
    void emptyQueryValueCannotBeAPathSegmentButCanBeAQueryValue() {
        assertThatThrownBy(() -> expand("/users/{id}", Map.of(), "id="))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThat(expand("/users?id={id}", Map.of(), "id=")).isEqualTo("/users?id=");
    }

    @Test
    void literalTextIsSentAsWrittenExceptBytesAUriCannotCarry() {
        assertThat(expand("/a%2Fb/x y?f=1,2", Map.of(), null)).isEqualTo("/a%2Fb/x%20y?f=1,2");
    }

    @Test
    void templatesMustBeAbsolutePathsWithoutFragment() {
        assertThatThrownBy(() -> PathTemplate.parse("users/{id}", "aggregate backend \"b\" path"))
                .hasMessageContaining("must start with /").hasMessageContaining("\"b\"");
        assertThatThrownBy(() -> PathTemplate.parse("/users#x", "aggregate backend \"b\" path"))
                .hasMessageContaining("fragment");
    }
}
