package dev.portico.dataplane.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestIdsTest {
    @Test
    void clientRequestIdIsKeptOnlyBehindTrustedProxies() {
        assertThat(RequestIds.of("req-123", 1)).isEqualTo("req-123");
        assertThat(RequestIds.of("req-123", 0)).isNotEqualTo("req-123").hasSize(32);
    }

    @Test
    void implausibleClientRequestIdsAreReplaced() {
        assertThat(RequestIds.of("bad id with spaces", 2)).hasSize(32);
        assertThat(RequestIds.of("x".repeat(200), 2)).hasSize(32);
        assertThat(RequestIds.fresh()).isNotEqualTo(RequestIds.fresh()).matches("[0-9a-f]{32}");
    }
}
