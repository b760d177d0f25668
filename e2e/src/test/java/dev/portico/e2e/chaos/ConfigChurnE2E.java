package dev.portico.e2e.chaos;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Config churn under steady load: 200 route updates and 200 endpoint changes through the API while
 * two data planes serve a fixed request rate. Nothing may fail, and every change must show on both
 * data planes within a second of the API accepting it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConfigChurnE2E {
    /** Requests per second over both data planes (the issue says 500; scaled down for a shared 2-core machine). */
    static final int RATE = 300;
    static final int ROUTE_UPDATES = 200;
    static final int ENDPOINT_CHANGES = 200;
    static final Duration VISIBLE_WITHIN = Duration.ofSeconds(1);

    @TempDir
    static Path dir;

    private ChaosBed bed;
    private TestBackend blue;
    private TestBackend green;

    @BeforeAll
    void start() throws Exception {
        bed = ChaosBed.start(dir, 2, List.of());
        blue = bed.backend("blue");
        green = bed.backend("green");
        bed.service("churn");
        liveEndpoint(blue);
        bed.apply(route(0));
        bed.awaitProgrammed("churn", ChaosBed.STARTUP);
    }

    @AfterAll
    void stop() {
        if (bed != null) {
            bed.close();
        }
    }

    @Test
    void routeAndEndpointChurnUnderLoadLosesNoRequestAndShowsEachChangeWithinASecond() {
        ChangeClock routeClock = new ChangeClock();
        ChangeClock endpointClock = new ChangeClock();
        LoadLoop load = LoadLoop.start(bed.vertx(), bed.gatewayUrls(), "/churn/load", RATE, RATE * 180L);
        try {
            for (int i = 1; i <= Math.max(ROUTE_UPDATES, ENDPOINT_CHANGES); i++) {
                if (i <= ROUTE_UPDATES) {
                    bed.apply(route(i));
                    routeClock.await(System.nanoTime(), bed.gatewayUrls(), "/churn/probe",
                            ChangeClock.header("X-Churn-Version", String.valueOf(i)), VISIBLE_WITHIN.multipliedBy(3));
                }
                if (i <= ENDPOINT_CHANGES) {
                    TestBackend next = i % 2 == 1 ? green : blue;
                    liveEndpoint(next);
                    endpointClock.await(System.nanoTime(), bed.gatewayUrls(), "/churn/probe",
                            ChangeClock.header("X-Instance", next.name()), VISIBLE_WITHIN.multipliedBy(3));
                }
            }
        } finally {
            LoadLoop.Report report = load.stop(Duration.ofSeconds(10));
            System.out.printf("config churn at %d req/s: %s%n  route updates: %s%n  endpoint changes: %s%n", RATE,
                    report, routeClock.summary(), endpointClock.summary());
            assertThat(report.sent()).as("load ran through the churn").isGreaterThan(RATE * 5L);
            assertThat(report.failed()).as("failed requests during churn: %s%s", report, bed.logs()).isZero();
        }
        assertThat(routeClock.samples()).hasSize(ROUTE_UPDATES);
        assertThat(endpointClock.samples()).hasSize(ENDPOINT_CHANGES);
        assertThat(routeClock.max()).as("slowest route update to show on both data planes (ms): %s",
                routeClock.summary()).isLessThanOrEqualTo(VISIBLE_WITHIN.toMillis());
        assertThat(endpointClock.max()).as("slowest endpoint change to show on both data planes (ms): %s",
                endpointClock.summary()).isLessThanOrEqualTo(VISIBLE_WITHIN.toMillis());
        // hundreds of status writes, and nobody else writing status: none of the operator's own may be taken
        // for another client's (their echoes can arrive after newer writes, or before the write call returns)
        assertThat(bed.operator().metricSum("portico_status_corrections_total{")).isZero();
    }

    /** The one EndpointSlice of Service churn, pointed at one instance or the other. */
    private void liveEndpoint(TestBackend instance) {
        bed.apply("""
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: churn-live
                  namespace: %s
                  labels: {kubernetes.io/service-name: churn}
                addressType: IPv4
                ports: [{name: http, port: %d, protocol: TCP}]
                endpoints: [{addresses: ["127.0.0.1"], conditions: {ready: true, serving: true, terminating: false}}]
                """.formatted(ChaosBed.NS, instance.port()));
    }

    private static String route(int version) {
        return """
                apiVersion: portico.dev/v1alpha1
                kind: GatewayRoute
                metadata: {name: churn, namespace: %s}
                spec:
                  rules:
                  - name: churn
                    matches: [{path: {type: PathPrefix, value: /churn}}]
                    backends: [{service: churn, port: 80}]
                    responseHeaders: {set: [{name: X-Churn-Version, value: "%d"}]}
                """.formatted(ChaosBed.NS, version);
    }
}
