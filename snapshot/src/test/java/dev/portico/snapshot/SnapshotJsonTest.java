package dev.portico.snapshot;

import dev.portico.snapshot.codec.SnapshotDecodingException;
import dev.portico.snapshot.codec.SnapshotJson;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotJsonTest {

    @Test
    void roundTripKeepsEveryField() {
        Snapshot snapshot = Fixtures.shop();
        Snapshot decoded = SnapshotJson.fromBytes(SnapshotJson.toBytes(snapshot), Snapshot.class);
        assertThat(decoded).isEqualTo(snapshot);
        assertThat(decoded.version()).isEqualTo(57);
        assertThat(decoded.contentHash()).isEqualTo(snapshot.contentHash());
    }

    @Test
    void corsRoundTripsAndARouteWithoutItWritesNoCorsMember() {
        Route plain = Fixtures.shop().routes().get(0);
        Route withCors = new Route(plain.namespace(), plain.name(), plain.generation(), plain.creationTimestamp(),
                plain.hosts(), plain.auth(), new Cors(List.of("https://App.example", "https://*.shop.example"),
                        List.of("GET", "PUT"), List.of("*"), List.of("RateLimit-Remaining"), 600, true), plain.rules());
        Snapshot snapshot = new Snapshot("default", 58, List.of(withCors), Fixtures.shop().clusters());

        Snapshot decoded = SnapshotJson.fromBytes(SnapshotJson.toBytes(snapshot), Snapshot.class);

        assertThat(decoded).isEqualTo(snapshot);
        assertThat(decoded.routes().get(0).cors().allowOrigins())
                .containsExactly("https://*.shop.example", "https://app.example");
        assertThat(SnapshotJson.toJson(Fixtures.shop())).doesNotContain("cors");
    }

    @Test
    void unknownPropertiesFromANewerOperatorAreIgnored() {
        String json = "{\"gateway\":\"default\",\"version\":3,\"routes\":[],\"clusters\":[],\"futureField\":{\"x\":1}}";
        assertThat(SnapshotJson.fromJson(json, Snapshot.class)).isEqualTo(new Snapshot("default", 3, null, null));
    }

    @Test
    void defaultsAreFilledInWhenOmitted() {
        String json = "{\"gateway\":\"g\",\"routes\":[{\"namespace\":\"a\",\"name\":\"r\",\"rules\":[{\"matches\":[{}]}]}]}";
        Rule rule = SnapshotJson.fromJson(json, Snapshot.class).routes().get(0).rules().get(0);
        assertThat(rule.timeoutMs()).isEqualTo(Rule.DEFAULT_TIMEOUT_MS);
        assertThat(rule.maxBodyBytes()).isEqualTo(Rule.DEFAULT_MAX_BODY_BYTES);
        assertThat(rule.loadBalancer()).isEqualTo(LoadBalancer.ROUND_ROBIN);
        assertThat(rule.matches().get(0).path()).isEqualTo(PathMatch.prefix("/"));
    }

    @Test
    void malformedJsonIsReportedWithTheTypeName() {
        assertThatThrownBy(() -> SnapshotJson.fromJson("{\"gateway\":", Snapshot.class))
                .isInstanceOf(SnapshotDecodingException.class)
                .hasMessageContaining("invalid Snapshot JSON");
    }

    @Test
    void aMissingOrWrongFieldIsReportedWithWhereItIs() {
        assertThatThrownBy(() -> SnapshotJson.fromJson("{\"gateway\":\"default\",\"version\":1,"
                + "\"routes\":[{\"name\":\"r\"}]}", Snapshot.class))
                .isInstanceOf(SnapshotDecodingException.class)
                .hasMessage("invalid Snapshot JSON at routes[0]: namespace is required");
        assertThatThrownBy(() -> SnapshotJson.fromJson("{\"gateway\":\"default\",\"version\":\"one\"}",
                Snapshot.class))
                .hasMessageStartingWith("invalid Snapshot JSON at version: Cannot deserialize value of type `long`");
    }

    @Test
    void toStringRedactsKeyMaterialAndKeyHashes() {
        String text = Fixtures.shop().toString();
        assertThat(text).contains("https://id.shop.example").contains("<redacted");
        assertThat(text).doesNotContain("c2VjcmV0").doesNotContain("9f86d081884c7d659a2feaa0c55ad015");
    }
}
