package dev.portico.dataplane;

import static dev.portico.dataplane.Snapshots.cluster;
import static dev.portico.dataplane.Snapshots.route;
import static dev.portico.dataplane.Snapshots.ruleBuilder;
import static dev.portico.dataplane.Snapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.portico.dataplane.http.TransportChoice;
import dev.portico.snapshot.codec.SnapshotJson;
import io.vertx.core.Vertx;
import io.vertx.core.net.SelfSignedCertificate;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

    /** A free port other than {@code taken}: a just-closed port can come back at once. */
    private static int freePortBut(int taken) throws IOException {
        int port = freePort();
        while (port == taken) {
            port = freePort();
        }
        return port;
    }

    private static int status(HttpClient http, String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    /** {@code DataPlaneMain --snapshot-file} in its own JVM, one route to an echo backend, ready when made. */
    private static final class StaticDataPlane implements AutoCloseable {
        final Vertx vertx = Vertx.vertx();
        final TestBackend echo = TestBackend.echo(vertx, "echo");
        final HttpClient http = HttpClient.newHttpClient();
        final Path log; // standard error: the process's own log
        final Path out; // standard output: the access log, when asked for there
        final int port;
        final Process process;

        StaticDataPlane(Path dir, String... extraArgs) throws Exception {
            Path file = dir.resolve("snapshot.json");
            Files.write(file, SnapshotJson.toBytes(snapshot(3, List.of(route("ns", "r", "2024-01-01T00:00:00Z",
                    List.of(), ruleBuilder("all").backend("c", 1).build())), List.of(cluster("c", echo.port())))));
            port = freePort();
            int admin = freePortBut(port);
            log = dir.resolve("err.log");
            out = dir.resolve("out.log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), "dev.portico.dataplane.DataPlaneMain",
                    "--snapshot-file", file.toString(), "--host", "127.0.0.1",
                    "--port", String.valueOf(port), "--admin-port", String.valueOf(admin)));
            command.addAll(List.of(extraArgs));
            process = new ProcessBuilder(command).redirectError(log.toFile()).redirectOutput(out.toFile()).start();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> DataPlaneMainTest.status(http, "http://127.0.0.1:" + admin + "/readyz") == 200);
        }

        int status(String path) {
            return DataPlaneMainTest.status(http, "http://127.0.0.1:" + port + path);
        }

        /** Writes raw bytes on a new connection and reads until the gateway closes it. */
        String raw(String request) throws IOException {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(5_000);
                s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            }
        }

        @Override
        public void close() throws Exception {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
            echo.close();
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void staticRunServesTheSnapshotFileAndExitsZeroOnSigterm(@TempDir Path dir) throws Exception {
        try (StaticDataPlane dp = new StaticDataPlane(dir)) {
            assertThat(dp.status("/anything")).isEqualTo(200);
            assertThat(Files.readString(dp.log)).as("auto's pick, said at start")
                    .contains("transport " + TransportChoice.AUTO.resolve().name() + ")");
            dp.process.destroy(); // SIGTERM
            assertThat(dp.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(dp.process.exitValue()).as(Files.readString(dp.log)).isZero();
        }
    }

    /** Standard output carries nothing but the access log's JSON lines; SIGTERM writes the last ones out. */
    @Test
    void accessLogToStdoutIsOneJsonLinePerRequest(@TempDir Path dir) throws Exception {
        try (StaticDataPlane dp = new StaticDataPlane(dir, "--access-log", "stdout")) {
            assertThat(dp.status("/first")).isEqualTo(200);
            assertThat(dp.status("/second")).isEqualTo(200);
            dp.process.destroy();
            assertThat(dp.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            List<String> lines = Files.readAllLines(dp.out);
            assertThat(lines).hasSize(2);
            assertThat(lines).map(l -> new io.vertx.core.json.JsonObject(l).getString("path"))
                    .containsExactly("/first", "/second");
            assertThat(new io.vertx.core.json.JsonObject(lines.get(0)).getString("route")).isEqualTo("ns/r");
            assertThat(Files.readString(dp.log)).contains("access log: one JSON line per request to stdout");
        }
    }

    /** {@code --access-log-sample 0}: successful requests get no line, and the start-up line says so. */
    @Test
    void aSampledAccessLogLeavesOutSuccesses(@TempDir Path dir) throws Exception {
        try (StaticDataPlane dp = new StaticDataPlane(dir, "--access-log", "stdout", "--access-log-sample", "0")) {
            assertThat(dp.status("/first")).isEqualTo(200);
            dp.process.destroy();
            assertThat(dp.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readAllLines(dp.out)).isEmpty();
            assertThat(Files.readString(dp.log))
                    .contains("access log: one JSON line per request to stdout, of successful ones a share of 0.0");
        }
    }

    @Test
    void anAccessLogFileThatCannotBeOpenedRefusesTheStart(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path unwritable = dir.resolve("no-such-dir").resolve("access.log");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "dev.portico.dataplane.DataPlaneMain", "--snapshot-file", dir.resolve("s.json").toString(),
                "--access-log", unwritable.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(output.strip()).startsWith("portico dataplane: --access-log " + unwritable + ": cannot be opened");
    }

    @Test
    void aNamedTransportTheMachineRefusesRefusesTheStart(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Netty's switch that makes its native transports unavailable, as a seccomp profile without io_uring does
        Process p = new ProcessBuilder(java, "-Dio.netty.transport.noNative=true", "-cp",
                System.getProperty("java.class.path"), "dev.portico.dataplane.DataPlaneMain", "--snapshot-file",
                dir.resolve("s.json").toString(), "--transport", "io_uring").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(output.strip()).startsWith("portico dataplane: --transport io_uring is not available here: ");
    }

    /** The edge flags reach the guard of the real process: a slow head gets 408, 11 header lines over a limit of 10 431. */
    @Test
    void edgeLimitFlagsApplyToTheServedPort(@TempDir Path dir) throws Exception {
        try (StaticDataPlane dp = new StaticDataPlane(dir, "--request-headers-timeout-ms", "300", "--max-headers", "10")) {
            assertThat(dp.raw("GET / HTTP/1.1\r\nHost: a\r\nX-Slow:"))
                    .startsWith("HTTP/1.1 408 ").contains("request_timeout");
            assertThat(dp.raw("GET / HTTP/1.1\r\nHost: a\r\n" + "X-Extra: 1\r\n".repeat(10) + "\r\n"))
                    .startsWith("HTTP/1.1 431 ").contains("request_header_fields_too_large");
            assertThat(dp.status("/anything")).isEqualTo(200);
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

    @Test
    void aMissingTlsKeyFileRefusesTheStartWithOneLineNamingFlagAndFile(@TempDir Path dir) throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
        Path key = dir.resolve("tls.key");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "dev.portico.dataplane.DataPlaneMain", "--snapshot-file", dir.resolve("unused.json").toString(),
                "--tls-port", "8443", "--tls-cert-file", certificate.certificatePath(),
                "--tls-key-file", key.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        certificate.delete();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(out).isEqualTo("portico dataplane: --tls-key-file " + key + ": no such file\n");
    }

    @Test
    void aSnapshotFileThatIsMissingOrWrongIsNamedWithWhatIsWrong(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> DataPlaneMain.readSnapshotFile(dir.resolve("absent.json")))
                .hasMessage("--snapshot-file " + dir.resolve("absent.json") + ": no such file");
        Path bad = Files.writeString(dir.resolve("bad.json"),
                "{\"gateway\":\"default\",\"version\":1,\"routes\":[{\"name\":\"r\"}]}");
        assertThatThrownBy(() -> DataPlaneMain.readSnapshotFile(bad))
                .hasMessage("--snapshot-file " + bad + ": invalid Snapshot JSON at routes[0]: namespace is required");
    }
}
