package dev.portico.dataplane.http;

import static dev.portico.dataplane.Snapshots.cluster;
import static dev.portico.dataplane.Snapshots.match;
import static dev.portico.dataplane.Snapshots.route;
import static dev.portico.dataplane.Snapshots.ruleBuilder;
import static dev.portico.dataplane.Snapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.dataplane.GatewayFixture;
import dev.portico.dataplane.GatewayOptions;
import dev.portico.dataplane.TestBackend;
import dev.portico.snapshot.PathMatch;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The connection idle timeout the edge guard keeps (instead of Netty's IdleStateHandler). */
class IdleTimeoutTest {
    private static final long IDLE_MS = 300;
    private static GatewayFixture gw;

    @BeforeAll
    static void start() {
        GatewayOptions options = GatewayOptions.defaults().withHost("127.0.0.1").withPort(0).withInstances(1)
                .withGuardLimits(new GuardLimits(60 * 1024, 100, 10_000, IDLE_MS));
        gw = new GatewayFixture(options);
        TestBackend backend = gw.own(TestBackend.start(gw.vertx, "ok", req -> req.response().end("ok")));
        gw.apply(snapshot(1, List.of(route("edge", "all", "2024-01-01T00:00:00Z", List.of(), ruleBuilder("all")
                .index(0).matches(match(PathMatch.Type.PathPrefix, "/")).backend("ok", 1).build())),
                List.of(cluster("ok", backend.port()))));
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    private static String exchange(Socket s) throws IOException {
        s.getOutputStream().write("GET /x HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        InputStream in = s.getInputStream();
        StringBuilder response = new StringBuilder();
        while (!response.toString().endsWith("\r\n\r\nok")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            response.append((char) b);
        }
        return response.toString();
    }

    @Test
    void aConnectionSilentForTheIdleTimeoutIsClosed() throws Exception {
        try (Socket s = new Socket("127.0.0.1", gw.port())) {
            s.setSoTimeout(5000);
            long asked = System.nanoTime(); // the gateway's last read or write comes after this
            assertThat(exchange(s)).startsWith("HTTP/1.1 200");
            assertThat(s.getInputStream().read()).isEqualTo(-1);
            assertThat((System.nanoTime() - asked) / 1_000_000).isGreaterThanOrEqualTo(IDLE_MS);
        }
    }

    @Test
    void aConnectionThatKeepsTalkingOutlivesManyIdleTimeouts() throws Exception {
        try (Socket s = new Socket("127.0.0.1", gw.port())) {
            s.setSoTimeout(5000);
            long started = System.nanoTime();
            int answered = 0;
            while (System.nanoTime() - started < 4 * IDLE_MS * 1_000_000) {
                assertThat(exchange(s)).startsWith("HTTP/1.1 200");
                answered++;
                Thread.sleep(IDLE_MS / 3); // pacing: each pause is well under the idle timeout
            }
            assertThat(answered).isGreaterThan(5);
        }
    }
}
