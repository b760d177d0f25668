package dev.portico.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;

/** The Java types carry every field of the contract's examples, under the contract's names. */
class ApiTypesRoundTripTest {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    static List<String> validManifests() throws Exception {
        return CrdSchemaTest.validManifests().toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validManifests")
    void manifestSurvivesTheJavaTypesUnchanged(String file) throws Exception {
        String yaml = read(file);
        JsonNode original = CrdSchemas.YAML.readTree(yaml);
        Class<? extends HasMetadata> type = "GatewayRoute".equals(original.path("kind").asString())
                ? GatewayRoute.class : RateLimitPolicy.class;

        HasMetadata resource = SERIALIZATION.unmarshal(yaml, type);
        JsonNode written = CrdSchemas.YAML.readTree(SERIALIZATION.asJson(resource));

        assertThat(written).as("valid/%s after GatewayRoute/RateLimitPolicy and back", file).isEqualTo(original);
    }

    @Test
    void specsCompareByValueSoTheOperatorCanSkipUnchangedRoutes() throws Exception {
        GatewayRoute first = SERIALIZATION.unmarshal(read("gatewayroute-full.yaml"), GatewayRoute.class);
        GatewayRoute second = SERIALIZATION.unmarshal(read("gatewayroute-full.yaml"), GatewayRoute.class);

        assertThat(second.getSpec()).isEqualTo(first.getSpec()).hasSameHashCodeAs(first.getSpec());

        second.getSpec().getRules().get(0).getBackends().get(1).setWeight(11);
        assertThat(second.getSpec()).isNotEqualTo(first.getSpec());
    }

    @Test
    void contractNamesReachTheJavaTypes() throws Exception {
        GatewayRoute route = SERIALIZATION.unmarshal(read("gatewayroute-full.yaml"), GatewayRoute.class);

        assertThat(route.getSpec().getAuth().getApiKeys().getIn()).isEqualTo(ApiKeyLocation.Header);
        assertThat(route.getSpec().getAuth().getJwt().getClaimsToHeaders().get(0).getHeader()).isEqualTo("X-User-Id");
        RouteRule users = route.getSpec().getRules().get(0);
        assertThat(users.getRetries().getOn()).containsExactly(RetryOn.ConnectFailure, RetryOn.Reset,
                RetryOn.GatewayError);
        assertThat(users.getMatches().get(0).getPath().getType()).isEqualTo(PathMatchType.PathPrefix);
        assertThat(route.getSpec().getRules().get(1).getAggregate().getBackends().get(2).getRequired()).isFalse();
        assertThat(route.getStatus().getDataPlanes().getSummary()).isEqualTo("2/2");
        assertThat(route.getStatus().getConditions()).extracting("type")
                .containsExactly("Accepted", "ResolvedRefs", "Programmed");

        GatewayRoute hashing = SERIALIZATION.unmarshal(read("gatewayroute-hashing-apikeys.yaml"), GatewayRoute.class);
        assertThat(hashing.getSpec().getRules().get(1).getLoadBalancer().getHash().getClientIP()).isTrue();
        assertThat(hashing.getSpec().getRules().get(0).getMatches().get(0).getPath().getType())
                .isEqualTo(PathMatchType.RegularExpression);

        RateLimitPolicy policy = SERIALIZATION.unmarshal(read("ratelimitpolicy-global.yaml"), RateLimitPolicy.class);
        assertThat(policy.getSpec().getLimits()).extracting(limit -> limit.getKey().getType())
                .containsExactly(LimitKeyType.JWTClaim, LimitKeyType.Header, LimitKeyType.Route);
        assertThat(policy.getSpec().getFailureMode()).isEqualTo(FailureMode.Closed);
        assertThat(policy.getApiVersion()).isEqualTo("portico.dev/v1alpha1");
    }

    private static String read(String file) throws Exception {
        return Files.readString(Path.of(Objects.requireNonNull(
                ApiTypesRoundTripTest.class.getResource("/valid/" + file)).toURI()));
    }
}
