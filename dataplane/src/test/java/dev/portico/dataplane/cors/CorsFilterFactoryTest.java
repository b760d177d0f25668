package dev.portico.dataplane.cors;

import static dev.portico.dataplane.Snapshots.ruleBuilder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portico.snapshot.Cors;
import dev.portico.snapshot.Route;
import dev.portico.snapshot.Rule;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the factory refuses (the snapshot is then NACKed with its message, see CorsTest) and when it builds nothing. */
class CorsFilterFactoryTest {
    private final CorsFilterFactory factory = new CorsFilterFactory();
    private final Rule rule = ruleBuilder("r").backend("app", 1).build();

    @Test
    void aRouteWithoutCorsGetsNoFilter() {
        assertThat(factory.create(route(null), rule)).isNull();
        assertThat(factory.create(route(cors(List.of("https://app.example"), List.of(), List.of(), 0, false)), rule))
                .isNotNull();
    }

    @Test
    void whatTheOperatorOrTheSchemaRefusesIsRefusedNamingTheField() {
        refused(cors(List.of("https://app.example", "*"), List.of(), List.of(), 0, true),
                "cors.allowOrigins[0]: * cannot go with allowCredentials: true");
        refused(cors(List.of(), List.of(), List.of(), 0, false), "cors.allowOrigins: needs at least one origin");
        refused(cors(List.of("https://app.example", "https://app.example/path"), List.of(), List.of(), 0, false),
                "cors.allowOrigins[1]: \"https://app.example/path\" is not an origin");
        refused(cors(List.of("https://*"), List.of(), List.of(), 0, false), "cors.allowOrigins[0]");
        refused(cors(List.of("app.example"), List.of(), List.of(), 0, false), "cors.allowOrigins[0]");
        refused(cors(List.of("*"), List.of("GET", "GET\r\nX-Injected: 1"), List.of(), 0, false),
                "cors.allowMethods[1]: \"GET\r\nX-Injected: 1\" is not a method");
        refused(cors(List.of("*"), List.of(), List.of("x-ok", "x bad"), 0, false),
                "cors.allowHeaders[1]: \"x bad\" is not a header name");
        refused(cors(List.of("*"), List.of(), List.of(), -1, false), "cors.maxAgeSeconds: -1 is negative");
    }

    private void refused(Cors cors, String message) {
        assertThatThrownBy(() -> factory.create(route(cors), rule)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    private static Cors cors(List<String> origins, List<String> methods, List<String> headers, long maxAge,
            boolean credentials) {
        return new Cors(origins, methods, headers, List.of(), maxAge, credentials);
    }

    private static Route route(Cors cors) {
        return new Route("shop", "shop", 1, "", List.of(), null, cors, List.of());
    }
}
