package dev.portico.dataplane.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpHeadTest {
    private static HttpHead request(String text) {
        HttpHead head = new HttpHead();
        ByteBuf buf = Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
        try {
            assertThat(head.read(buf, 0, buf.writerIndex(), true)).isEqualTo(buf.writerIndex());
        } finally {
            buf.release();
        }
        return head;
    }

    @Test
    void aValueThatSpellsTheGivenStringIsThatString() {
        HttpHead head = request("GET / HTTP/1.1\r\nHOST: shop.example:8080\r\n\r\n");
        String previous = new String("shop.example:8080");
        assertThat(head.get("host", previous)).isSameAs(previous);
        assertThat(head.get("host", "shop.example:8081")).isEqualTo("shop.example:8080").isNotSameAs(previous);
        assertThat(head.get("host", "shop.example")).isEqualTo("shop.example:8080");
        assertThat(head.get("host", null)).isEqualTo("shop.example:8080");
        assertThat(head.get("x-missing", previous)).isNull();
    }
}
