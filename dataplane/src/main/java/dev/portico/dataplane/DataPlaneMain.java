package dev.portico.dataplane;

import dev.portico.dataplane.accesslog.AccessLog;
import dev.portico.dataplane.aggregate.AggregateFilterFactory;
import dev.portico.dataplane.auth.AuthFilterFactory;
import dev.portico.dataplane.cors.CorsFilterFactory;
import dev.portico.dataplane.http.GuardedTransport;
import dev.portico.dataplane.http.TransportChoice;
import dev.portico.dataplane.ratelimit.RateLimitFilterFactory;
import dev.portico.dataplane.ratelimit.RateLimitOptions;
import dev.portico.dataplane.stream.SnapshotStreamClient;
import dev.portico.dataplane.stream.StreamClientOptions;
import dev.portico.dataplane.tls.CertificateSet;
import dev.portico.dataplane.tls.TlsFiles;
import dev.portico.snapshot.Snapshot;
import dev.portico.snapshot.cli.PortProbe;
import dev.portico.snapshot.codec.SnapshotJson;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code portico dataplane --control-plane URL --token-file F [--gateway default] [--node NAME]
 * [--port 8080] [--admin-port 9901] [--redis URL] [--trusted-hops 0] [--host 0.0.0.0]
 * [--tls-port N --tls-cert-file F --tls-key-file F]}, or
 * {@code --snapshot-file F} for a static run without a control plane.
 */
public final class DataPlaneMain {
    private static final System.Logger LOG = System.getLogger(DataPlaneMain.class.getName());
    /** After SIGTERM, /readyz fails this long before the listeners close: pollers of /readyz leave first. */
    static final long UNREADY_BEFORE_CLOSE_MS = 2_000;

    private DataPlaneMain() {
    }

    public static void main(String[] args) {
        if (java.util.Arrays.asList(args).contains("--help") || java.util.Arrays.asList(args).contains("-h")) {
            System.out.println(DataPlaneArgs.USAGE);
            return;
        }
        DataPlaneArgs parsed;
        try {
            parsed = DataPlaneArgs.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("portico dataplane: " + e.getMessage());
            System.err.println(DataPlaneArgs.USAGE);
            System.exit(2);
            return;
        }
        if (parsed.tls() != null) {
            try {
                CertificateSet.read(parsed.tls().certificates()); // a bad Secret is a refused start, as a bad flag is
            } catch (IllegalArgumentException e) {
                System.err.println("portico dataplane: " + e.getMessage());
                System.exit(2);
                return;
            }
        }
        try {
            if (parsed.transport() != TransportChoice.AUTO) {
                parsed.transport().resolve(); // a named transport the kernel or seccomp refuses is a refused start
            }
        } catch (IllegalStateException e) {
            System.err.println("portico dataplane: " + e.getMessage());
            System.exit(2);
            return;
        }
        AccessLog accessLog;
        try {
            accessLog = parsed.accessLog() == null ? null : AccessLog.open(parsed.accessLog(), parsed.accessLogSample());
        } catch (IllegalArgumentException e) {
            System.err.println("portico dataplane: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            run(parsed, accessLog);
        } catch (Exception e) {
            System.err.println("portico dataplane: " + e.getMessage());
            System.exit(1);
        }
    }

    /** The static run's snapshot, or an exception whose message names the file and what is wrong with it. */
    static Snapshot readSnapshotFile(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--snapshot-file " + file + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException("--snapshot-file " + file + ": cannot be read (" + e + ")");
        }
        try {
            return SnapshotJson.fromBytes(bytes, Snapshot.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--snapshot-file " + file + ": " + e.getMessage(), e);
        }
    }

    private static void run(DataPlaneArgs a, AccessLog accessLog) throws Exception {
        PortProbe.requireFree(a.host(), a.port(), "--port");
        PortProbe.requireFree(a.host(), a.adminPort(), "--admin-port");
        if (a.tls() != null) {
            PortProbe.requireFree(a.host(), a.tls().port(), "--tls-port");
        }
        Snapshot fromFile = a.snapshotFile() == null ? null : readSnapshotFile(a.snapshotFile());
        String gateway = a.gateway() != null ? a.gateway() : fromFile != null ? fromFile.gateway() : "default";
        Vertx vertx = DataPlane.newVertx(a.edge(), a.transport());
        AuthFilterFactory auth = new AuthFilterFactory(vertx);
        RateLimitFilterFactory rateLimits = new RateLimitFilterFactory(vertx,
                RateLimitOptions.defaults().withRedis(a.redis()));
        GatewayOptions options = GatewayOptions.defaults().withGateway(gateway).withHost(a.host())
                .withPort(a.port()).withTrustedHops(a.trustedHops()).withGuardLimits(a.edge()).withTls(a.tls())
                .withAccessLog(accessLog)
                // CORS first (it answers preflights, which carry no credentials, and its headers go on every later
                // refusal); then auth (rate limits key on its client id and claims); aggregation last: it answers
                // the request itself, once auth and rate limits admitted it
                .withFilterFactories(List.of(new CorsFilterFactory(), auth, rateLimits,
                        new AggregateFilterFactory()));
        DataPlane dataPlane = DataPlane.start(vertx, options, a.adminPort()).await(30, TimeUnit.SECONDS);
        rateLimits.metrics().publishTo(dataPlane.metrics().registry());
        auth.publishTo(dataPlane.metrics().registry());
        if (accessLog != null) {
            accessLog.bindTo(dataPlane.metrics().registry());
            LOG.log(System.Logger.Level.INFO, "access log: one JSON line per request to {0}{1}", accessLog.target(),
                    accessLog.successShare() == 1 ? "" : ", of successful ones a share of " + accessLog.successShare());
        }
        dataPlane.warmUp(a.warmupConnections()); // meanwhile the first snapshot arrives; /readyz waits for both
        LOG.log(System.Logger.Level.INFO, "Portico data plane for gateway {0} listening on {1}:{2} (admin {3}, "
                + "transport {4})", gateway, a.host(), String.valueOf(dataPlane.port()),
                String.valueOf(dataPlane.adminPort()), GuardedTransport.platformName(vertx));
        if (a.tls() != null) {
            List<TlsFiles> certificates = a.tls().certificates();
            LOG.log(System.Logger.Level.INFO, "HTTPS on {0}:{1} with the certificate{2} in {3}", a.host(),
                    String.valueOf(dataPlane.tlsPort()), certificates.size() > 1 ? "s (by SNI; the first by default)" : "",
                    certificates.stream().map(f -> f.certFile().toString()).collect(Collectors.joining(", ")));
        }
        if (a.redis() != null) {
            LOG.log(System.Logger.Level.INFO, "Redis for global rate limits: {0}", a.redis());
        }
        SnapshotStreamClient stream = null;
        if (fromFile != null) {
            dataPlane.applier().apply(fromFile).await(60, TimeUnit.SECONDS);
        } else {
            String node = a.node() != null ? a.node() : InetAddress.getLocalHost().getHostName();
            stream = new SnapshotStreamClient(vertx, StreamClientOptions.of(URI.create(a.controlPlane()),
                    a.tokenFile(), gateway, node).withGlobalRateLimits(a.redis() != null), dataPlane.applier()::apply);
            auth.reportJwksHealth(stream::jwksHealth);
            rateLimits.reportRedisHealth(stream::redisHealth);
            stream.start().await(30, TimeUnit.SECONDS);
        }
        SnapshotStreamClient streamToStop = stream;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.log(System.Logger.Level.INFO, "shutting down: readiness off, still accepting for {0} ms, then "
                    + "draining in-flight requests", String.valueOf(UNREADY_BEFORE_CLOSE_MS));
            try {
                dataPlane.shutdown(UNREADY_BEFORE_CLOSE_MS)
                        .await(UNREADY_BEFORE_CLOSE_MS + options.drainTimeoutMs() + 5_000, TimeUnit.MILLISECONDS);
                if (streamToStop != null) {
                    streamToStop.stop().await(5, TimeUnit.SECONDS);
                }
                vertx.close().await(10, TimeUnit.SECONDS);
                if (accessLog != null) {
                    accessLog.close(); // the drained requests' lines too
                }
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "shutdown did not finish cleanly: " + e.getMessage());
            }
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(0); // a drained SIGTERM is a clean exit, not 143
        }, "portico-shutdown"));
    }
}
