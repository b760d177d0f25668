package dev.portico.dataplane.proxy;

import static dev.portico.dataplane.Snapshots.cluster;
import static dev.portico.dataplane.Snapshots.route;
import static dev.portico.dataplane.Snapshots.ruleBuilder;
import static dev.portico.dataplane.Snapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.dataplane.GatewayFixture;
import dev.portico.dataplane.GatewayOptions;
import dev.portico.dataplane.LogCapture;
import dev.portico.dataplane.TestBackend;
import dev.portico.dataplane.filter.RouteFilterFactory;
import java.util.List;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** A failure inside the gateway that every request meets logs its stack trace once, not once a request. */
class InternalFailuresTest {

    @Test
    void aFailureEveryRequestMeetsAnswers500AndLogsItsStackTraceOnce() {
        RouteFilterFactory broken = (route, rule) -> exchange -> {
            throw new IllegalStateException("a bug in a filter");
        };
        try (LogCapture log = LogCapture.start();
                GatewayFixture gw = new GatewayFixture(GatewayOptions.defaults().withHost("127.0.0.1").withPort(0)
                        .withInstances(1).withFilterFactories(List.of(broken)))) {
            TestBackend backend = gw.own(TestBackend.echo(gw.vertx, "echo"));
            gw.apply(snapshot(1, List.of(route("ns", "bug", "2024-01-01T00:00:00Z", List.of(),
                    ruleBuilder("r").backend("echo", 1).build())), List.of(cluster("echo", backend.port()))));

            for (int i = 0; i < 5; i++) {
                GatewayFixture.Response answer = gw.get("/x");
                assertThat(answer.statusCode()).isEqualTo(500);
                assertThat(answer.body()).contains("\"error\":\"internal_error\"").doesNotContain("IllegalState");
            }

            List<LogRecord> lines = log.from(GatewayHandler.class);
            assertThat(lines).singleElement().satisfies(r -> {
                assertThat(r.getThrown()).hasMessage("a bug in a filter");
                assertThat(r.getMessage()).contains("failed inside the gateway");
            });
        }
    }

    @Test
    void laterFailuresOfTheSameCauseGetOneLineEveryTenSecondsWithTheirCount() {
        InternalFailures failures = new InternalFailures();
        try (LogCapture log = LogCapture.start()) {
            long second = 1_000_000_000L;
            for (int i = 0; i <= 12; i++) {
                failures.failed("req-" + i, sameCause(), i * second);
            }
            List<LogRecord> lines = log.from(GatewayHandler.class);
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0).getThrown()).isNotNull();
            assertThat(lines.get(1).getThrown()).isNull();
            assertThat(lines.get(1).getMessage()).startsWith("request req-10 failed inside the gateway: "
                    + "java.lang.IllegalArgumentException: only ' ' and '\\t' are allowed after '\\n'")
                    .endsWith("(10 failures of this cause since its last line)");

            failures.failed("other", new IllegalStateException("another cause"), 13 * second);
            assertThat(log.from(GatewayHandler.class)).hasSize(3).last()
                    .satisfies(r -> assertThat(r.getThrown()).hasMessage("another cause"));
        }
    }

    private static IllegalArgumentException sameCause() {
        return new IllegalArgumentException("only ' ' and '\\t' are allowed after '\\n'");
    }
}
