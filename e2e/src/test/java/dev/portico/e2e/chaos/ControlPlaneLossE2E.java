package dev.portico.e2e.chaos;

import dev.portico.e2e.support.DataPlaneNode;
import dev.portico.e2e.support.OperatorNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator process is SIGKILLed under load: the data planes keep serving their last snapshot
 * without one error, and a new operator process brings status back to Programmed (including for a
 * route created while no operator ran) without restarting any data plane.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ControlPlaneLossE2E {
    static final int RATE = 200;

    @TempDir
    static Path dir;

    private ChaosBed bed;

    @BeforeAll
    void start() throws Exception {
        bed = ChaosBed.start(dir, 2, List.of());
        bed.service("steady", bed.backend("steady-1"));
        bed.apply(route("steady"));
        bed.awaitProgrammed("steady", ChaosBed.STARTUP);
    }

    @AfterAll
    void stop() {
        if (bed != null) {
            bed.close();
        }
    }

    @Test
    void killedOperatorLosesNoRequestAndANewOneReconvergesWithoutRestartingDataPlanes() {
        Map<String, Long> pids = bed.dataPlanes().stream()
                .collect(Collectors.toMap(DataPlaneNode::node, dp -> dp.jvm().pid()));
        LoadLoop load = LoadLoop.start(bed.vertx(), bed.gatewayUrls(), "/steady/x", RATE, RATE * 120L);
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> load.done() >= RATE * 2L);

            OperatorNode first = bed.operator();
            first.jvm().kill();
            assertThat(first.jvm().alive()).as("operator after SIGKILL").isFalse();
            long atKill = load.done();
            await().atMost(Duration.ofSeconds(20)).until(() -> load.done() >= atKill + RATE * 3L);

            bed.apply(route("born-orphan")); // the API accepts it; nobody programs it yet
            assertThat(bed.programmed("born-orphan")).isFalse();

            OperatorNode second = bed.startOperator();
            assertThat(second.jvm().pid()).isNotEqualTo(first.jvm().pid());
            bed.awaitProgrammed("born-orphan", Duration.ofSeconds(30));
            bed.awaitProgrammed("steady", Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    bed.route("born-orphan").orElseThrow().getStatus().getDataPlanes().getSummary()).isEqualTo("2/2"));
            long afterReconverge = load.done();
            await().atMost(Duration.ofSeconds(20)).until(() -> load.done() >= afterReconverge + RATE * 2L);
        } finally {
            LoadLoop.Report report = load.stop(Duration.ofSeconds(10));
            System.out.printf("control-plane loss at %d req/s: %s%n", RATE, report);
            assertThat(report.failed()).as("failed requests while the operator died and came back: %s%s", report,
                    bed.logs()).isZero();
        }
        for (DataPlaneNode dp : bed.dataPlanes()) {
            assertThat(dp.jvm().alive()).as(dp.node() + " still runs").isTrue();
            assertThat(dp.jvm().pid()).as(dp.node() + " was never restarted").isEqualTo(pids.get(dp.node()));
            ChangeClock clock = new ChangeClock();
            assertThat(clock.await(System.nanoTime(), List.of(dp.url()), "/born-orphan/x", ChangeClock.status(200),
                    Duration.ofSeconds(5))).as("the route created while no operator ran, on " + dp.node())
                    .isNotNegative();
        }
    }

    private static String route(String name) {
        return """
                apiVersion: portico.dev/v1alpha1
                kind: GatewayRoute
                metadata: {name: %1$s, namespace: %2$s}
                spec:
                  rules:
                  - matches: [{path: {type: PathPrefix, value: /%1$s}}]
                    backends: [{service: steady, port: 80}]
                """.formatted(name, ChaosBed.NS);
    }
}
