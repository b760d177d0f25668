package dev.portico.dataplane.stream;

import dev.portico.snapshot.stream.StreamProtocol;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a data plane reaches the operator's snapshot stream.
 *
 * @param controlPlane      {@code http://host:port} (h2c, prior knowledge) or {@code https://host:port} (TLS + ALPN)
 * @param tokenFile         holds the bearer token; read again before every connection so a rotated token is picked up
 * @param gateway           the gateway group this data plane serves
 * @param node              this data plane's name, unique within the group
 * @param caFile            PEM trust for {@code https}; null uses the JVM's trust store
 * @param initialBackoff    first reconnect delay ceiling
 * @param maxBackoff        largest reconnect delay ceiling
 * @param heartbeatInterval expected until the operator announces its own interval; silence for 3× means a dead stream
 * @param connectTimeout    TCP (and TLS) connect timeout
 * @param fullResendWait    after refusing a delta, how long to wait for the operator's full snapshot on the same
 *                          stream before reconnecting with {@code lastVersion 0} to ask for one
 * @param globalRateLimits  told to the operator in hello: this data plane shares Global rate-limit counters (Redis)
 */
public record StreamClientOptions(URI controlPlane, Path tokenFile, String gateway, String node, Path caFile,
        Duration initialBackoff, Duration maxBackoff, Duration heartbeatInterval, Duration connectTimeout,
        Duration fullResendWait, boolean globalRateLimits) {

    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_FULL_RESEND_WAIT = Duration.ofSeconds(2);
    /** Silence for this many heartbeat intervals means the stream is dead. */
    public static final int MISSED_HEARTBEATS = 3;

    public StreamClientOptions {
        Objects.requireNonNull(controlPlane, "--control-plane is required");
        Objects.requireNonNull(tokenFile, "--token-file is required");
        String scheme = controlPlane.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException(
                    "--control-plane must be http://HOST:PORT or https://HOST:PORT, got '" + controlPlane + "'");
        }
        if (controlPlane.getHost() == null) {
            throw new IllegalArgumentException("--control-plane '" + controlPlane + "' names no host");
        }
        if (gateway == null || gateway.isBlank()) {
            throw new IllegalArgumentException("--gateway must not be empty");
        }
        if (node == null || node.isBlank()) {
            throw new IllegalArgumentException("--node must not be empty");
        }
        initialBackoff = initialBackoff == null ? DEFAULT_INITIAL_BACKOFF : initialBackoff;
        maxBackoff = maxBackoff == null ? DEFAULT_MAX_BACKOFF : maxBackoff;
        heartbeatInterval = heartbeatInterval == null ? DEFAULT_HEARTBEAT_INTERVAL : heartbeatInterval;
        connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
        fullResendWait = fullResendWait == null ? DEFAULT_FULL_RESEND_WAIT : fullResendWait;
    }

    /** The command-line shape: everything else at its default. */
    public static StreamClientOptions of(URI controlPlane, Path tokenFile, String gateway, String node) {
        return new StreamClientOptions(controlPlane, tokenFile, gateway, node, null, null, null, null, null, null, false);
    }

    public StreamClientOptions withBackoff(Duration initial, Duration max) {
        return new StreamClientOptions(controlPlane, tokenFile, gateway, node, caFile, initial, max,
                heartbeatInterval, connectTimeout, fullResendWait, globalRateLimits);
    }

    public StreamClientOptions withHeartbeatInterval(Duration interval) {
        return new StreamClientOptions(controlPlane, tokenFile, gateway, node, caFile, initialBackoff, maxBackoff,
                interval, connectTimeout, fullResendWait, globalRateLimits);
    }

    public StreamClientOptions withCaFile(Path pem) {
        return new StreamClientOptions(controlPlane, tokenFile, gateway, node, pem, initialBackoff, maxBackoff,
                heartbeatInterval, connectTimeout, fullResendWait, globalRateLimits);
    }

    public StreamClientOptions withFullResendWait(Duration wait) {
        return new StreamClientOptions(controlPlane, tokenFile, gateway, node, caFile, initialBackoff, maxBackoff,
                heartbeatInterval, connectTimeout, wait, globalRateLimits);
    }

    public StreamClientOptions withGlobalRateLimits(boolean shared) {
        return new StreamClientOptions(controlPlane, tokenFile, gateway, node, caFile, initialBackoff, maxBackoff,
                heartbeatInterval, connectTimeout, fullResendWait, shared);
    }

    public boolean tls() {
        return "https".equals(controlPlane.getScheme());
    }

    public int port() {
        int port = controlPlane.getPort();
        return port > 0 ? port : StreamProtocol.DEFAULT_PORT;
    }
}
