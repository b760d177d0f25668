package dev.portico.operator;

import dev.portico.operator.ops.LeaseStanding;
import dev.portico.operator.stream.BearerToken;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A standby whose way to the API breaks says so once (log, {@code /readyz}, {@code portico_operator_api_reachable})
 * and says when it is back, while a leader holds the Lease on an API it still reaches.
 */
class StandbyApiIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final OperatorOptions OPTIONS = OperatorOptions.loopback(new BearerToken("standby-token"))
            .withLeaderElection(true, "default");
    private static final String LEASE = "default/" + OperatorOptions.DEFAULT_LEASE_NAME;

    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logged.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final HttpClient http = HttpClient.newHttpClient();
    private KubernetesFixture kube;
    private PorticoOperator leader;
    private String holder;
    private Vertx vertx;
    private ApiGate gate;
    private KubernetesClient gated;
    private PorticoOperator standby;

    @BeforeEach
    void start() throws Exception {
        Logger.getLogger("").addHandler(capture);
        kube = new KubernetesFixture();
        leader = PorticoOperator.start(kube.client, OPTIONS);
        await().atMost(WAIT).until(leader::ready);
        holder = kube.client.leases().inNamespace("default").withName(OperatorOptions.DEFAULT_LEASE_NAME).get()
                .getSpec().getHolderIdentity();
        vertx = Vertx.vertx();
        gate = new ApiGate(vertx, kube.api.port());
        gated = gate.client();
    }

    @AfterEach
    void stop() throws Exception {
        if (standby != null) {
            standby.close();
        }
        gated.close();
        gate.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        leader.close();
        kube.close();
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void aStandbyThatLosesTheApiWarnsOnceAndSaysWhenItReachesItAgain() throws Exception {
        standby = PorticoOperator.start(gated, OPTIONS);
        String standingBy = "standing by for lease " + LEASE + " held by " + holder;
        await().atMost(WAIT).until(() -> readyz(standby).equals("not ready: " + standingBy + "\n"));
        assertThat(gauge(standby, "portico_operator_api_reachable")).isEqualTo(1);
        assertThat(gauge(standby, "portico_operator_leader")).isZero();
        assertThat(gauge(leader, "portico_operator_leader")).isEqualTo(1);

        gate.shut();
        await().atMost(WAIT).until(() -> !standingLines(Level.WARNING).isEmpty());
        String warning = standingLines(Level.WARNING).get(0);
        assertThat(warning).startsWith("standing by, but cannot reach the Kubernetes API at " + gate.url())
                .contains(" (lease " + LEASE + "): ").endsWith("; this replica cannot take over until it can");
        assertThat(readyz(standby)).isEqualTo("not ready: " + warning + "\n");
        assertThat(gauge(standby, "portico_operator_api_reachable")).isZero();
        // the elector retries every 2 to 4.4 s: those failures are no news, neither here nor from Fabric8
        await().during(Duration.ofSeconds(6)).atMost(WAIT).until(() -> standingLines(Level.WARNING).size() == 1);
        assertThat(logged).noneMatch(r -> r.getLoggerName().equals(LeaderElector.class.getName()));

        gate.reopen();
        await().atMost(WAIT).until(() -> !standingLines(Level.INFO).isEmpty());
        assertThat(standingLines(Level.INFO)).containsExactly("reached the Kubernetes API again; " + standingBy);
        assertThat(readyz(standby)).isEqualTo("not ready: " + standingBy + "\n");
        assertThat(gauge(standby, "portico_operator_api_reachable")).isEqualTo(1);
        assertThat(standingLines(Level.WARNING)).hasSize(1);
    }

    @Test
    void aStandbyForbiddenToReadTheLeaseNamesTheVerbAndTheResource() throws Exception {
        gate.forbidLeases(true);
        standby = PorticoOperator.start(gated, OPTIONS);
        await().atMost(WAIT).until(() -> !standingLines(Level.WARNING).isEmpty());
        String warning = standingLines(Level.WARNING).get(0);
        assertThat(warning).startsWith("standing by, but RBAC forbids it to get leases.coordination.k8s.io at "
                        + gate.url())
                .contains(" (lease " + LEASE + "): HTTP 403: leases.coordination.k8s.io is forbidden: User "
                        + "\"system:serviceaccount:portico-system:portico-operator\" cannot get resource \"leases\"")
                .endsWith("; grant get, create and update on leases to its service account, this replica cannot "
                        + "take over until then");
        assertThat(readyz(standby)).isEqualTo("not ready: " + warning + "\n");
        assertThat(gauge(standby, "portico_operator_api_reachable")).isZero();

        gate.forbidLeases(false);
        await().atMost(WAIT).until(() -> !standingLines(Level.INFO).isEmpty());
        assertThat(standingLines(Level.INFO)).containsExactly(
                "reached the Kubernetes API again; standing by for lease " + LEASE + " held by " + holder);
        assertThat(gauge(standby, "portico_operator_api_reachable")).isEqualTo(1);
        assertThat(standingLines(Level.WARNING)).hasSize(1);
    }

    /** What LeaseStanding logged at exactly {@code level}, formatted. */
    private List<String> standingLines(Level level) {
        SimpleFormatter formatter = new SimpleFormatter();
        return logged.stream().filter(r -> r.getLoggerName().equals(LeaseStanding.class.getName())
                && r.getLevel().equals(level)).map(formatter::formatMessage).toList();
    }

    private String readyz(PorticoOperator operator) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + operator.metricsPort() + "/readyz")).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(503);
        return response.body();
    }

    private static double gauge(PorticoOperator operator, String name) {
        return operator.registry().find(name).gauge().value();
    }
}
