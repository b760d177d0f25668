package dev.portico.e2e.chaos;

import dev.portico.e2e.support.DataPlaneNode;
import dev.portico.e2e.support.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One of two backend instances dies under load. Retries and outlier ejection keep failures at or
 * under 0.1% until its EndpointSlice goes; from then on nothing fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndpointLossE2E {
    static final int RATE = 200;
    static final double CONTRACT_FAILED_RATIO = 0.001;

    @TempDir
    static Path dir;

    private ChaosBed bed;
    private TestBackend doomed;
    private TestBackend survivor;

    @BeforeAll
    void start() throws Exception {
        bed = ChaosBed.start(dir, 2, List.of());
        doomed = bed.backend("doomed");
        survivor = bed.backend("survivor");
        bed.service("pair", doomed, survivor);
        bed.apply("""
                apiVersion: portico.dev/v1alpha1
                kind: GatewayRoute
                metadata: {name: pair, namespace: %s}
                spec:
                  rules:
                  - matches: [{path: {type: PathPrefix, value: /pair}}]
                    backends: [{service: pair, port: 80}]
                    retries: {attempts: 2, perTryTimeout: 1s, on: [ConnectFailure, Reset, GatewayError]}
                """.formatted(ChaosBed.NS));
        bed.awaitProgrammed("pair", ChaosBed.STARTUP);
    }

    @AfterAll
    void stop() {
        if (bed != null) {
            bed.close();
        }
    }

    @Test
    void deadInstanceCostsAtMostOnePerMilleAndNothingOnceItsEndpointSliceGoes() {
        LoadLoop load = LoadLoop.start(bed.vertx(), bed.gatewayUrls(), "/pair/x", RATE, RATE * 120L);
        LoadLoop.Report report;
        long failedWhileListed;
        long sentWhileListed;
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> load.done() >= RATE * 2L);
            assertThat(doomed.served()).as("both instances took traffic").isPositive();
            doomed.kill();
            long atKill = load.done();
            await().atMost(Duration.ofSeconds(20)).until(() -> load.done() >= atKill + RATE * 3L);

            bed.removeEndpoints("pair", doomed);
            for (DataPlaneNode dp : bed.dataPlanes()) {
                await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() ->
                        !Pattern.compile("\"port\"\\s*:\\s*" + doomed.port() + "\\b")
                                .matcher(Http.get(dp.adminUrl() + "/config").body()).find());
            }
            failedWhileListed = load.failedSoFar();
            sentWhileListed = load.done();
            await().atMost(Duration.ofSeconds(20)).until(() -> load.done() >= sentWhileListed + RATE * 3L);
        } finally {
            report = load.stop(Duration.ofSeconds(10));
            System.out.printf("endpoint loss at %d req/s: %s%n", RATE, report);
        }
        double ratio = (double) failedWhileListed / sentWhileListed;
        System.out.printf("  while the dead instance was listed: %d failed of %d (%.4f%%)%n", failedWhileListed,
                sentWhileListed, ratio * 100);
        assertThat(ratio).as("failed share while the dead instance was still listed: %s%s", report, bed.logs())
                .isLessThanOrEqualTo(CONTRACT_FAILED_RATIO);
        assertThat(report.failed() - failedWhileListed).as("failures after its EndpointSlice went: %s", report).isZero();
        assertThat(survivor.served()).isPositive();
    }
}
