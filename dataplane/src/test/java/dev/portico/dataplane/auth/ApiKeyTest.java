package dev.portico.dataplane.auth;

import static dev.portico.dataplane.auth.AuthGateway.apiKeys;
import static dev.portico.dataplane.auth.AuthGateway.route;
import static dev.portico.dataplane.auth.AuthGateway.upstream;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import dev.portico.dataplane.GatewayFixture;
import dev.portico.dataplane.filter.RouteFilter;
import dev.portico.dataplane.filter.RouteFilterFactory;
import dev.portico.snapshot.ApiKeyAuth;
import dev.portico.snapshot.Auth;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** API keys in a header or the query, JWT-or-key routes, and key rotation by snapshot swap. */
class ApiKeyTest {
    private static final String ALICE = "alice-secret-key-0001";
    private static final String BOB = "bob-secret-key-0002";

    /** Stands in for rate limiting by APIKey: copies the client id auth left in the attributes. */
    private static final RouteFilterFactory CLIENT_READER = (route, rule) -> (RouteFilter) ex -> {
        String client = AuthAttributes.clientId(ex);
        if (client != null) {
            ex.upstreamHeaders().set("X-Seen-Client", client);
        }
        return Future.succeededFuture();
    };

    private static AuthGateway gw;
    private static RSAKey rsa;

    @BeforeAll
    static void start() {
        rsa = Tokens.rsa("r1");
        gw = new AuthGateway(AuthOptions.defaults(), CLIENT_READER);
        serve(ApiKeyAuth.In.Header, "alice", ALICE);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    private static void serve(Object unused, String... idAndKey) {
        ApiKeyAuth header = apiKeys(ApiKeyAuth.In.Header, "X-Api-Key", idAndKey);
        ApiKeyAuth query = apiKeys(ApiKeyAuth.In.Query, "api_key", idAndKey);
        gw.serve(route("header", "/h", new Auth(null, header)),
                route("query", "/q", new Auth(null, query)),
                route("either", "/e", new Auth(AuthGateway.jwt(Tokens.jwks(rsa)).jwt(), header)),
                route("nobody", "/n", new Auth(null, apiKeys(ApiKeyAuth.In.Header, "X-Api-Key"))));
    }

    private static void assertRefused(GatewayFixture.Response res, String challenge) {
        assertThat(res.statusCode()).isEqualTo(401);
        assertThat(res.header("www-authenticate")).isEqualTo(challenge);
        assertThat(new JsonObject(res.body()).getString("error")).isEqualTo("unauthorized");
    }

    @Test
    void validHeaderKeyPassesAsItsClientAndTheKeyStaysAtTheDoor() {
        GatewayFixture.Response res = gw.get("/h/orders", "X-Api-Key", ALICE, "Portico-Client-Id", "admin");
        assertThat(res.statusCode()).isEqualTo(200);
        JsonObject headers = upstream(res).getJsonObject("headers");
        assertThat(headers.getString("portico-client-id")).isEqualTo("alice");
        assertThat(headers.getString("x-seen-client")).isEqualTo("alice");
        assertThat(headers.containsKey("x-api-key")).isFalse();
        assertThat(gw.get("/h/orders", "x-api-key", ALICE).statusCode()).as("header names ignore case").isEqualTo(200);
    }

    @Test
    void validQueryKeyIsStrippedFromTheUpstreamUri() {
        GatewayFixture.Response res = gw.get("/q/orders?page=2&api_key=" + ALICE + "&sort=desc");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(upstream(res).getString("uri")).isEqualTo("/q/orders?page=2&sort=desc");
        assertThat(upstream(res).getJsonObject("headers").getString("portico-client-id")).isEqualTo("alice");
        assertThat(upstream(gw.get("/q/orders?api%5Fkey=" + ALICE)).getString("uri"))
                .as("an encoded parameter name is the same parameter").isEqualTo("/q/orders");
    }

    @Test
    void wrongOrMissingKeyIsRefused() {
        String challenge = "ApiKey header=\"X-Api-Key\"";
        assertRefused(gw.get("/h/x", "X-Api-Key", "wrong"), challenge);
        assertRefused(gw.get("/h/x", "X-Api-Key", ALICE.substring(1)), challenge);
        assertRefused(gw.get("/h/x", "X-Api-Key", AuthGateway.sha256(ALICE)), challenge); // the hash is no key
        assertRefused(gw.get("/h/x"), challenge);
        assertRefused(gw.get("/h/x", "X-Api-Key", ""), challenge);
        assertThat(gw.statusWithRepeatedHeaders("/h/x", "X-Api-Key", "wrong", "X-Api-Key", ALICE))
                .as("two keys are no key").isEqualTo(401);
        assertThat(gw.statusWithRepeatedHeaders("/h/x", "X-Api-Key", ALICE)).isEqualTo(200);
        assertRefused(gw.get("/q/x?api_key=wrong"), "ApiKey query=\"api_key\"");
        assertRefused(gw.get("/q/x", "X-Api-Key", ALICE), "ApiKey query=\"api_key\"");
        assertThat(new JsonObject(gw.get("/h/x").body()).getString("message")).isEqualTo("credentials are required");
        assertThat(new JsonObject(gw.get("/h/x", "X-Api-Key", "wrong").body()).getString("message"))
                .isEqualTo("the API key is not valid");
    }

    @Test
    void aRouteWhoseSecretHasNoKeysRefusesEveryone() {
        assertRefused(gw.get("/n/x", "X-Api-Key", ALICE), "ApiKey header=\"X-Api-Key\"");
    }

    @Test
    void withJwtAndApiKeysEitherOneLetsTheRequestIn() {
        String token = Tokens.sign(rsa, JWSAlgorithm.RS256);
        assertThat(gw.get("/e/x", "X-Api-Key", ALICE).statusCode()).isEqualTo(200);
        assertThat(gw.get("/e/x", "Authorization", "Bearer " + token).statusCode()).isEqualTo(200);
        GatewayFixture.Response both = gw.get("/e/x", "Authorization", "Bearer " + token, "X-Api-Key", "wrong");
        assertThat(both.statusCode()).isEqualTo(200);
        assertThat(upstream(both).getJsonObject("headers").containsKey("x-api-key")).isFalse();
        assertThat(upstream(both).getJsonObject("headers").containsKey("portico-client-id")).isFalse();
        assertRefused(gw.get("/e/x"), "Bearer, ApiKey header=\"X-Api-Key\"");
        GatewayFixture.Response neither = gw.get("/e/x", "Authorization", "Bearer nope", "X-Api-Key", "wrong");
        assertRefused(neither, "Bearer error=\"invalid_token\", "
                + "error_description=\"the bearer token is not a signed JWT\", ApiKey header=\"X-Api-Key\"");
        assertThat(new JsonObject(neither.body()).getString("message"))
                .isEqualTo("the API key is not valid, and the bearer token is not a signed JWT");
    }

    @Test
    void keyRotationBySnapshotSwapAcceptsAddedKeysAndRefusesRemovedOnes() {
        try {
            assertThat(gw.get("/h/x", "X-Api-Key", BOB).statusCode()).isEqualTo(401);
            serve(null, "alice", ALICE, "bob", BOB);
            GatewayFixture.Response bob = gw.get("/h/x", "X-Api-Key", BOB);
            assertThat(bob.statusCode()).isEqualTo(200);
            assertThat(upstream(bob).getJsonObject("headers").getString("portico-client-id")).isEqualTo("bob");
            serve(null, "bob", BOB);
            assertThat(gw.get("/h/x", "X-Api-Key", ALICE).statusCode()).isEqualTo(401);
            assertThat(gw.get("/q/x?api_key=" + BOB).statusCode()).isEqualTo(200);
        } finally {
            serve(null, "alice", ALICE);
        }
    }
}
