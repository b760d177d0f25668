package dev.portico.sandbox;

import dev.portico.dataplane.JvmOptions;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One data plane, run as its own process through the public command line, exactly as
 * {@code ./portico dataplane} would run it; its output goes to a log file in the sandbox folder.
 */
final class DataPlaneProcess implements AutoCloseable {
    /** A data plane's HTTPS listener. */
    record Https(int port, SandboxCertificate certificate) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String node;
    private final int port;
    private final int adminPort;
    private final int httpsPort;
    private final Path log;
    private final Process process;

    private DataPlaneProcess(String node, int port, int adminPort, int httpsPort, Path log, Process process) {
        this.node = node;
        this.port = port;
        this.adminPort = adminPort;
        this.httpsPort = httpsPort;
        this.log = log;
        this.process = process;
    }

    private static final String LOG_FORMAT = "java.util.logging.SimpleFormatter.format";

    /** @param https its HTTPS port and certificate; null for none */
    static DataPlaneProcess start(String node, String controlPlane, Path tokenFile, String host, int port,
            int adminPort, Path dir, String redis, Https https) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(JvmOptions.dataPlane()); // the flags ./portico dataplane and the image run with
        String logFormat = System.getProperty(LOG_FORMAT); // ./portico's one line per record, in their logs too
        if (logFormat != null) {
            command.add("-D" + LOG_FORMAT + "=" + logFormat);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.portico.dataplane.DataPlaneMain",
                "--control-plane", controlPlane, "--token-file", tokenFile.toString(), "--gateway", "default",
                "--node", node, "--host", host, "--port", String.valueOf(port), "--admin-port", String.valueOf(adminPort),
                // the 16,000 loopback connections that compile the connection path before the first client took
                // 4 of the sandbox's 8.5 s start; they matter to a p99.9 under load, not to a demo
                "--warmup-connections", "0"));
        if (redis != null) {
            command.addAll(List.of("--redis", redis));
        }
        if (https != null) {
            command.addAll(List.of("--tls-port", String.valueOf(https.port()), "--tls-cert-file",
                    https.certificate().cert().toString(), "--tls-key-file", https.certificate().key().toString()));
        }
        Path log = dir.resolve(node + ".log");
        // one JSON line per request, in a file of its own beside the process's log (tail -f it)
        command.addAll(List.of("--access-log", accessLogOf(log).toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        return new DataPlaneProcess(node, port, adminPort, https == null ? 0 : https.port(), log, process);
    }

    /** Waits for {@code /readyz}: ready means the first snapshot is applied. */
    boolean awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest readyz = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/readyz"))
                .timeout(Duration.ofSeconds(1)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            try {
                if (HTTP.send(readyz, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException notYetListening) {
                // the JVM is still starting
            }
            Thread.sleep(100);
        }
        return false;
    }

    String node() {
        return node;
    }

    /** Its HTTPS port; 0 without one. */
    int httpsPort() {
        return httpsPort;
    }

    int port() {
        return port;
    }

    int adminPort() {
        return adminPort;
    }

    Path log() {
        return log;
    }

    /** Where its access log goes: {@code <node>-access.log} beside its log. */
    Path accessLog() {
        return accessLogOf(log);
    }

    private static Path accessLogOf(Path log) {
        String name = log.getFileName().toString();
        return log.resolveSibling(name.substring(0, name.length() - ".log".length()) + "-access.log");
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGTERM first, so it drains like in a rolling restart; then the hard way. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
