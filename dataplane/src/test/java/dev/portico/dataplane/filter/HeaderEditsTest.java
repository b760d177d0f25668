package dev.portico.dataplane.filter;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import org.junit.jupiter.api.Test;

/** Recorded edits end where the same set/remove calls on a header map end. */
class HeaderEditsTest {
    private static MultiMap client() {
        return HttpHeaders.headers().add("Authorization", "Bearer a").add("authorization", "Bearer b")
                .add("X-Keep", "1").add("X-Api-Key", "k");
    }

    @Test
    void theLastEditOfANameWinsWhateverItsCase() {
        HeaderEdits edits = new HeaderEdits();
        edits.set("X-Client", "first");
        edits.remove("Authorization");
        edits.set("x-client", "second");
        edits.set("X-API-KEY", "replaced");
        edits.remove("x-api-key");
        assertThat(edits.size()).isEqualTo(3);
        assertThat(edits.touches("authorization")).isTrue();
        assertThat(edits.touches("x-keep")).isFalse();
        // in the order of each name's last edit
        assertThat(edits.name(0)).isEqualTo("authorization");
        assertThat(edits.value(0)).isNull();
        assertThat(edits.name(1)).isEqualTo("x-client");
        assertThat(edits.value(1)).isEqualTo("second");
        assertThat(edits.name(2)).isEqualTo("x-api-key");
        assertThat(edits.value(2)).isNull();
    }

    @Test
    void appliedToAMapTheyLeaveWhatTheSameMapCallsWould() {
        MultiMap direct = client();
        direct.set("X-Client", "first");
        direct.remove("Authorization");
        direct.set("x-client", "second");
        direct.set("Authorization", "Bearer c");

        HeaderEdits edits = new HeaderEdits();
        edits.set("X-Client", "first");
        edits.remove("Authorization");
        edits.set("x-client", "second");
        edits.set("Authorization", "Bearer c");
        MultiMap applied = client();
        edits.applyTo(applied);

        for (String name : new String[] {"authorization", "x-client", "x-keep", "x-api-key"}) {
            assertThat(applied.getAll(name)).as(name).isEqualTo(direct.getAll(name));
        }
        assertThat(applied.size()).isEqualTo(direct.size());
    }
}
