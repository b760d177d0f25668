package dev.portico.dataplane;

import static dev.portico.dataplane.Snapshots.cluster;
import static dev.portico.dataplane.Snapshots.route;
import static dev.portico.dataplane.Snapshots.ruleBuilder;
import static dev.portico.dataplane.Snapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portico.snapshot.codec.SnapshotJson;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real process: static run from a snapshot file, then SIGTERM ends it cleanly with exit 0. */
class DataPlaneMainTest {
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static int status(HttpClient http, String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void staticRunServesTheSnapshotFileAndExitsZeroOnSigterm(@TempDir Path dir) throws Exception {
        Vertx vertx = Vertx.vertx();
        TestBackend echo = TestBackend.echo(vertx, "echo");
        Process process = null;
        try {
            Path file = dir.resolve("snapshot.json");
            Files.write(file, SnapshotJson.toBytes(snapshot(3, List.of(route("ns", "r", "2024-01-01T00:00:00Z",
                    List.of(), ruleBuilder("all").backend("c", 1).build())), List.of(cluster("c", echo.port())))));
            int port = freePort();
            int admin = freePort();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    "dev.portico.dataplane.DataPlaneMain", "--snapshot-file", file.toString(), "--host", "127.0.0.1",
                    "--port", String.valueOf(port), "--admin-port", String.valueOf(admin))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile()).start();
            HttpClient http = HttpClient.newHttpClient();
            await().atMost(Duration.ofSeconds(30)).until(() -> status(http, "http://127.0.0.1:" + admin + "/readyz") == 200);
            assertThat(status(http, "http://127.0.0.1:" + port + "/anything")).isEqualTo(200);
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(Files.readString(dir.resolve("out.log"))).isZero();
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
            echo.close();
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void missingControlPlaneIsAUsageErrorNamingTheFlag() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "dev.portico.dataplane.DataPlaneMain", "--port", "0").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(out).contains("--control-plane");
    }
}
