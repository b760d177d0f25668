package dev.portico.e2e.chaos;

import dev.portico.e2e.support.DataPlaneNode;
import dev.portico.e2e.support.Http;
import dev.portico.e2e.support.KubectlSession;
import dev.portico.e2e.support.RawHttp;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bad input from both sides: 41 malformed custom resources (each gets its documented answer from the
 * API server or the operator) and 40-odd hostile raw HTTP requests (each gets its documented status).
 * After each batch the operator and the data plane still run and the known-good route still serves.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputE2E {
    /** The request-headers timeout of hardening.md; DataPlaneMain has no flag to shorten it, so the slow case takes 10 s. */
    static final Duration HEADERS_TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;

    private ChaosBed bed;
    private TestBackend good;
    private DataPlaneNode gateway;

    @BeforeAll
    void start() throws Exception {
        bed = ChaosBed.start(dir, 1, List.of());
        gateway = bed.dataPlanes().get(0);
        good = bed.backend("good");
        bed.service("good", good);
        bed.apply("""
                apiVersion: portico.dev/v1alpha1
                kind: GatewayRoute
                metadata: {name: known, namespace: %s}
                spec:
                  rules: [{matches: [{path: {type: PathPrefix, value: /known}}], backends: [{service: good, port: 80}]}]
                """.formatted(ChaosBed.NS));
        bed.apply("""
                apiVersion: portico.dev/v1alpha1
                kind: GatewayRoute
                metadata: {name: hosted, namespace: %s}
                spec:
                  hosts: [good.example]
                  rules: [{matches: [{path: {type: PathPrefix, value: /hosted}}], backends: [{service: good, port: 80}]}]
                """.formatted(ChaosBed.NS));
        bed.awaitProgrammed("known", ChaosBed.STARTUP);
        bed.awaitProgrammed("hosted", ChaosBed.STARTUP);
    }

    @AfterAll
    void stop() {
        if (bed != null) {
            bed.close();
        }
    }

    @Test
    void malformedResourcesGetTheirDocumentedAnswersAndTheOldConfigKeepsServing() {
        SoftAssertions soft = new SoftAssertions();
        KubectlSession kubectl = bed.kubectl();
        List<MalformedResources.Refused> refused = MalformedResources.refused();
        for (int i = 0; i < refused.size(); i++) {
            MalformedResources.Refused bad = refused.get(i);
            String yaml = bad.yaml().replace("NAME", bad.name());
            if (i % 7 == 0) { // some through the real kubectl, as a user meets them
                KubectlSession.Result result = kubectl.runWithInput(yaml, "apply", "-f", "-");
                soft.assertThat(result.exitCode()).as(bad.name() + " via kubectl: exit code").isNotZero();
                soft.assertThat(result.err()).as(bad.name() + " via kubectl: names the field").contains(bad.field());
                continue;
            }
            try {
                bed.kube().resource(yaml).create();
                soft.fail(bad.name() + " was accepted; expected 422 naming " + bad.field());
            } catch (KubernetesClientException e) {
                soft.assertThat(e.getCode()).as(bad.name() + ": status").isEqualTo(422);
                soft.assertThat(e.getMessage()).as(bad.name() + ": names the field").contains(bad.field());
            }
        }
        List<MalformedResources.Reported> reported = MalformedResources.reported();
        for (MalformedResources.Reported bad : reported) {
            bed.apply(bad.yaml().replace("NAME", bad.name()));
        }
        for (MalformedResources.Reported bad : reported) {
            try {
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                        .until(() -> condition(bad).filter(c -> "False".equals(c.getStatus())).isPresent());
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                soft.fail(bad.kind() + " " + bad.name() + ": no " + bad.type() + "=False; conditions now "
                        + conditions(bad));
                continue;
            }
            Condition c = condition(bad).orElseThrow();
            soft.assertThat(c.getReason()).as(bad.name() + ": " + bad.type() + " reason").isEqualTo(bad.reason());
            soft.assertThat(c.getMessage()).as(bad.name() + ": message names it").contains(bad.names());
        }
        soft.assertThat(refused.size() + reported.size()).as("malformed resources tried").isEqualTo(41);
        soft.assertAll();
        assertStillServing();
    }

    @Test
    void hostileRequestsGetTheirDocumentedStatusAndTheGatewayKeepsServing() {
        SoftAssertions soft = new SoftAssertions();
        List<HostileRequests.Hostile> hostile = HostileRequests.all();
        for (HostileRequests.Hostile h : hostile) {
            RawHttp.Answer answer = RawHttp.exchange(gateway.port(), h.request(), Duration.ofSeconds(3));
            soft.assertThat(answer.status()).as(h.name() + " status; got " + answer).isEqualTo(h.status());
            if (h.closes()) {
                soft.assertThat(answer.closed()).as(h.name() + " closes the connection; got " + answer).isTrue();
            }
            soft.assertThat(h.also().test(answer)).as(h.name() + " answer: " + answer).isTrue();
            if (h.name().contains("smuggl") || h.request().contains("/known/front")) {
                soft.assertThat(good.saw(HostileRequests.smuggledTarget(h)))
                        .as(h.name() + ": the smuggled request reached the backend").isFalse();
            }
        }
        RawHttp.Answer slow = RawHttp.trickle(gateway.port(), "GET /known/slow HTTP/1.1\r\nHost: gw.example\r\n"
                + "X-Slow: " + "s".repeat(100) + "\r\n\r\n", Duration.ofMillis(200), Duration.ofSeconds(3));
        soft.assertThat(slow.status()).as("slow headers; got " + slow).isEqualTo(408);
        soft.assertThat(slow.closed()).as("slow headers close the connection; got " + slow).isTrue();
        soft.assertThat(slow.millis()).as("408 comes after the request-headers timeout")
                .isBetween(HEADERS_TIMEOUT.toMillis() - 100, HEADERS_TIMEOUT.toMillis() + 2_000);
        soft.assertThat(hostile.size() + 1).as("hostile requests tried").isGreaterThanOrEqualTo(40);
        soft.assertAll();
        assertStillServing();
    }

    /** The user walkthrough: a bad regex patched into a served route leaves its last accepted generation serving. */
    @Test
    void aRefusedEditKeepsTheLastAcceptedGenerationServingWhole() {
        bed.apply("""
                apiVersion: portico.dev/v1alpha1
                kind: GatewayRoute
                metadata: {name: walk, namespace: %s}
                spec:
                  rules:
                  - {name: users, matches: [{path: {type: PathPrefix, value: /walk/users}}], backends: [{service: good, port: 80}]}
                  - {name: orders, matches: [{path: {type: PathPrefix, value: /walk/orders}}], backends: [{service: good, port: 80}]}
                  - {name: products, matches: [{path: {type: PathPrefix, value: /walk/products}}], backends: [{service: good, port: 80}]}
                """.formatted(ChaosBed.NS));
        bed.awaitProgrammed("walk", Duration.ofSeconds(20));
        assertThat(Http.send("GET", gateway.url() + "/walk/products", null, Map.of()).statusCode()).isEqualTo(200);

        KubectlSession.Result patched = bed.kubectl().run("patch", "gr", "walk", "-n", ChaosBed.NS, "--type=json", "-p",
                "[{\"op\":\"replace\",\"path\":\"/spec/rules/2/matches/0/path\","
                        + "\"value\":{\"type\":\"RegularExpression\",\"value\":\"/walk/products(/.*\"}}]");
        assertThat(patched.exitCode()).as("kubectl patch: " + patched.err()).isZero();

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            Condition programmed = bed.condition("walk", "Programmed").orElseThrow();
            assertThat(programmed.getReason()).isEqualTo("NotAccepted");
            assertThat(programmed.getMessage()).startsWith("generation 2 is not accepted (see Accepted); "
                    + "1/1 data planes serve generation 1, the last accepted");
        });
        Condition accepted = bed.condition("walk", "Accepted").orElseThrow();
        assertThat(accepted.getStatus()).isEqualTo("False");
        assertThat(accepted.getReason()).isEqualTo("Invalid");
        assertThat(accepted.getMessage()).startsWith("spec.rules[2].matches[0].path.value");
        assertThat(Http.send("GET", gateway.url() + "/walk/products", null, Map.of()).statusCode())
                .as("the rule generation 1 served still answers").isEqualTo(200);
        assertThat(Http.send("GET", gateway.url() + "/walk/users", null, Map.of()).statusCode()).isEqualTo(200);

        bed.kubectl().run("patch", "gr", "walk", "-n", ChaosBed.NS, "--type=json", "-p",
                "[{\"op\":\"replace\",\"path\":\"/spec/rules/2/matches/0/path/value\",\"value\":\"/walk/products(/.*)?\"}]");
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(bed.condition("walk", "Accepted").orElseThrow().getStatus()).isEqualTo("True");
            assertThat(bed.condition("walk", "Programmed").orElseThrow().getMessage())
                    .startsWith("1/1 data planes serve generation 3");
        });
        assertThat(Http.send("GET", gateway.url() + "/walk/products/7", null, Map.of()).statusCode()).isEqualTo(200);
    }

    private void assertStillServing() {
        assertThat(bed.operator().jvm().alive()).as("operator process").isTrue();
        assertThat(gateway.jvm().alive()).as("data plane process").isTrue();
        assertThat(gateway.readyz()).as("data plane /readyz").isEqualTo(200);
        assertThat(Http.probe("http://127.0.0.1:" + bed.operator().metricsPort() + "/readyz")).as("operator /readyz")
                .isEqualTo(200);
        var known = Http.send("GET", gateway.url() + "/known/still", null, Map.of());
        assertThat(known.statusCode()).as("the known-good route after the batch").isEqualTo(200);
        assertThat(known.body()).startsWith("good /known/still\n");
        RawHttp.Answer hosted = RawHttp.exchange(gateway.port(), "GET /hosted/still HTTP/1.1\r\nHost: good.example\r\n"
                + "Connection: close\r\n\r\n", Duration.ofSeconds(3));
        assertThat(hosted.status()).as("the host-bound route after the batch: " + hosted).isEqualTo(200);
        assertThat(bed.programmed("known")).as("known stays Programmed").isTrue();
    }

    private Optional<Condition> condition(MalformedResources.Reported bad) {
        return conditions(bad).stream().filter(c -> bad.type().equals(c.getType())).findFirst();
    }

    @SuppressWarnings("unchecked")
    private List<Condition> conditions(MalformedResources.Reported bad) {
        GenericKubernetesResource r = bed.kube().genericKubernetesResources("portico.dev/v1alpha1", bad.kind())
                .inNamespace(ChaosBed.NS).withName(bad.name()).get();
        if (r == null || !(r.getAdditionalProperties().get("status") instanceof Map<?, ?> status)
                || !(status.get("conditions") instanceof List<?> list)) {
            return List.of();
        }
        return ((List<Map<String, Object>>) list).stream().map(m -> new Condition((String) m.get("lastTransitionTime"),
                (String) m.get("message"), m.get("observedGeneration") == null ? null
                        : ((Number) m.get("observedGeneration")).longValue(), (String) m.get("reason"),
                (String) m.get("status"), (String) m.get("type"))).toList();
    }
}
