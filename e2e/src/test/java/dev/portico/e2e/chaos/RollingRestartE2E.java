package dev.portico.e2e.chaos;

import dev.portico.e2e.support.DataPlaneNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rolling restart: one of two data planes gets SIGTERM while a client spreads load over both and
 * drops a data plane from its list as soon as its {@code /readyz} fails, as a Kubernetes Service does
 * with a pod that turns unready. The draining data plane must not fail one request; its replacement
 * joins the list once ready.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RollingRestartE2E {
    static final int RATE = 200;
    static final Duration READINESS_PERIOD = Duration.ofMillis(50);

    @TempDir
    static Path dir;

    private ChaosBed bed;

    @BeforeAll
    void start() throws Exception {
        bed = ChaosBed.start(dir, 2, List.of());
        bed.service("rolling", bed.backend("rolling-1"));
        bed.apply("""
                apiVersion: portico.dev/v1alpha1
                kind: GatewayRoute
                metadata: {name: rolling, namespace: %s}
                spec:
                  rules:
                  - matches: [{path: {type: PathPrefix, value: /rolling}}]
                    backends: [{service: rolling, port: 80}]
                """.formatted(ChaosBed.NS));
        bed.awaitProgrammed("rolling", ChaosBed.STARTUP);
    }

    @AfterAll
    void stop() {
        if (bed != null) {
            bed.close();
        }
    }

    @Test
    void sigtermedDataPlaneDrainsWithoutFailingARequest() {
        DataPlaneNode leaving = bed.dataPlanes().get(0);
        DataPlaneNode staying = bed.dataPlanes().get(1);
        LoadLoop load = LoadLoop.start(bed.vertx(), bed.gatewayUrls(), "/rolling/x", RATE, RATE * 120L);
        Set<String> dropped = ConcurrentHashMap.newKeySet();
        ScheduledExecutorService readiness = Executors.newSingleThreadScheduledExecutor();
        readiness.scheduleWithFixedDelay(() -> {
            for (DataPlaneNode dp : List.of(leaving, staying)) {
                if (!dropped.contains(dp.url()) && dp.readyz() != 200) {
                    load.drop(dp.url());
                    dropped.add(dp.url());
                }
            }
        }, 0, READINESS_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> load.done() >= RATE * 2L);

            leaving.jvm().terminate();
            await().atMost(Duration.ofSeconds(5)).until(() -> dropped.contains(leaving.url()));
            assertThat(leaving.jvm().awaitExit(40)).as(leaving.node() + " exits after draining").isTrue();

            DataPlaneNode replacement = bed.startDataPlane("dp-1-next", List.of()).awaitReady(ChaosBed.STARTUP);
            load.add(replacement.url());
            long joined = load.done();
            await().atMost(Duration.ofSeconds(20)).until(() -> load.done() >= joined + RATE * 2L);
        } finally {
            readiness.shutdownNow();
            LoadLoop.Report report = load.stop(Duration.ofSeconds(10));
            System.out.printf("rolling restart at %d req/s: %s%n", RATE, report);
            assertThat(report.failed()).as("failed requests during the rolling restart: %s%s", report, bed.logs())
                    .isZero();
        }
        assertThat(dropped).containsExactly(leaving.url());
        assertThat(leaving.jvm().exitCode()).as("exit status after SIGTERM").isIn(0, 143);
    }
}
