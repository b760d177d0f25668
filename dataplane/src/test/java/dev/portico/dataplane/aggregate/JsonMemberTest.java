package dev.portico.dataplane.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonMemberTest {
    private static String member(String body, String contentType) {
        return JsonMember.of(Buffer.buffer(body), contentType).toString();
    }

    @Test
    void jsonBodiesAreEmbeddedAsJson() {
        assertThat(member("{\"id\": 1, \"tags\": [\"a\"]}", "application/json"))
                .isEqualTo("{\"id\":1,\"tags\":[\"a\"]}");
        assertThat(member("[1,2]", null)).isEqualTo("[1,2]");
        assertThat(member("42", "application/problem+json")).isEqualTo("42");
    }

    @Test
    void nonJsonBodiesBecomeStrings() {
        assertThat(member("hello \"world\"\n", "text/plain")).isEqualTo("\"hello \\\"world\\\"\\n\"");
        assertThat(member("{\"looks\":\"like json\"}", "text/plain"))
                .isEqualTo("\"{\\\"looks\\\":\\\"like json\\\"}\"");
        assertThat(member("{\"broken\":", "application/json")).isEqualTo("\"{\\\"broken\\\":\"");
        assertThat(member("{} {}", null)).isEqualTo("\"{} {}\"");
        assertThat(member("<html/>", null)).isEqualTo("\"<html/>\"");
    }

    @Test
    void emptyBodyIsNull() {
        assertThat(member("", "application/json")).isEqualTo("null");
    }

    @Test
    void declaredCharsetIsHonoured() {
        Buffer latin1 = Buffer.buffer("{\"name\":\"café\"}".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(JsonMember.of(latin1, "application/json; charset=ISO-8859-1").toString(StandardCharsets.UTF_8))
                .isEqualTo("{\"name\":\"café\"}");
        Buffer text = Buffer.buffer("café".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(JsonMember.of(text, "text/plain;charset=iso-8859-1").toString(StandardCharsets.UTF_8))
                .isEqualTo("\"café\"");
    }
}
