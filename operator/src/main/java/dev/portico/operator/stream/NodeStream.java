package dev.portico.operator.stream;

import dev.portico.snapshot.stream.FrameCodec;
import dev.portico.snapshot.stream.FrameDecoder;
import dev.portico.snapshot.stream.StreamMessage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One data plane's stream, confined to the server's event loop. At most one push is unanswered at a
 * time: a newer snapshot waits for the ACK or NACK of the previous one and then travels as one delta
 * against what the node really holds, so deltas never build on a version the node may have refused.
 */
final class NodeStream {
    private static final System.Logger LOG = System.getLogger(NodeStream.class.getName());
    /** However short the heartbeat, a busy peer gets this long to answer a PING before it counts as gone. */
    private static final long MIN_SILENCE_MS = 2_000;

    private final SnapshotStreamServer server;
    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private final FrameDecoder decoder;
    private final String connection;
    private final Instant connectedSince;

    private String node;
    private String gateway;
    private boolean globalRateLimits;
    private List<StreamMessage.JwksFailure> jwksFailures = List.of();
    private String redisError;
    private final Set<String> unrecognized = new HashSet<>();
    private PublishedSnapshot serving;
    private long heldLabel = -1;
    private String heldHash;
    private PublishedSnapshot inFlight;
    private boolean inFlightFull;
    private long sentAtNanos;
    private boolean forceFull;
    private long rejectedVersion = -1;
    private String rejectedError;
    private boolean closed;
    private long lastAliveNanos = System.nanoTime();

    NodeStream(SnapshotStreamServer server, HttpServerRequest request, String connection, int maxFrameBytes) {
        this.server = server;
        this.request = request;
        this.response = request.response();
        this.connection = connection;
        this.decoder = new FrameDecoder(maxFrameBytes);
        this.connectedSince = server.clock().instant();
    }

    String gateway() {
        return gateway;
    }

    void feed(Buffer chunk) {
        try {
            for (byte[] payload : decoder.feed(chunk.getBytes())) {
                handle(FrameCodec.decode(payload));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "closing the stream of {0}: {1}", describe(), e.getMessage());
            server.protocolError(this, e.getMessage());
        }
    }

    private void handle(StreamMessage message) {
        if (message instanceof StreamMessage.Hello hello) {
            hello(hello);
        } else if (message instanceof StreamMessage.Ack ack) {
            ack(ack);
        } else if (message instanceof StreamMessage.Nack nack) {
            nack(nack);
        } else if (message instanceof StreamMessage.JwksHealth health) {
            jwks(health);
        } else if (message instanceof StreamMessage.RedisHealth health) {
            redis(health);
        } else if (message instanceof StreamMessage.Unrecognized unknown) {
            if (unrecognized.add(unknown.type())) { // once per type and stream: a newer data plane, not an error
                LOG.log(Level.INFO, "{0} sent a \"{1}\" message, which this operator does not know; ignored",
                        describe(), unknown.type());
            }
        } else if (!(message instanceof StreamMessage.Heartbeat)) {
            throw new IllegalStateException("a data plane may send hello, ack, nack, jwks, redis or heartbeat, not "
                    + message.getClass().getSimpleName());
        }
    }

    private void hello(StreamMessage.Hello hello) {
        if (gateway != null) {
            throw new IllegalStateException("hello was already received on this stream");
        }
        if (hello.gateway() == null || hello.gateway().isBlank()) {
            throw new IllegalStateException("hello.gateway must name the data plane's gateway group");
        }
        node = hello.node() == null || hello.node().isBlank() ? connection : hello.node();
        gateway = hello.gateway();
        globalRateLimits = hello.globalRateLimits();
        heldLabel = hello.lastVersion();
        heldHash = hello.lastHash() == null || hello.lastHash().isEmpty() ? null : hello.lastHash();
        serving = server.publisher().find(gateway, hello.lastVersion(), heldHash);
        LOG.log(Level.INFO, "data plane {0} of gateway {1} connected (holds version {2}; {3})", node, gateway,
                String.valueOf(heldLabel), globalRateLimits ? "shares Global rate-limit counters"
                        : "no Redis: counts Global rate limits alone");
        server.helloFrom(this);
        server.publisher().ensureGroup(gateway);
        report();
        sync();
    }

    private void ack(StreamMessage.Ack ack) {
        lastAliveNanos = System.nanoTime();
        if (inFlight == null || ack.version() != inFlight.version()) {
            LOG.log(Level.DEBUG, "{0} acknowledged version {1}, which is not the one in flight", describe(),
                    String.valueOf(ack.version()));
            return;
        }
        server.metrics().acked(System.nanoTime() - sentAtNanos);
        serving = inFlight;
        heldLabel = ack.version();
        heldHash = inFlight.hash();
        inFlight = null;
        forceFull = false;
        rejectedVersion = -1;
        rejectedError = null;
        report();
        sync();
    }

    private void nack(StreamMessage.Nack nack) {
        if (inFlight == null || nack.version() != inFlight.version()) {
            LOG.log(Level.DEBUG, "{0} refused version {1}, which is not the one in flight", describe(),
                    String.valueOf(nack.version()));
            return;
        }
        LOG.log(Level.WARNING, "data plane {0} refused snapshot {1}: {2}", node, String.valueOf(nack.version()),
                nack.error());
        boolean wasDelta = !inFlightFull;
        inFlight = null;
        rejectedError = nack.error() == null ? "refused without a reason" : nack.error();
        // a refused delta may only mean the node lost its base: one full retry settles it
        rejectedVersion = wasDelta ? -1 : nack.version();
        forceFull = wasDelta;
        report();
        sync();
    }

    private void jwks(StreamMessage.JwksHealth health) {
        requireHello("jwks");
        if (!health.failing().isEmpty()) {
            LOG.log(Level.WARNING, "data plane {0} cannot fetch JWKS: {1}", node, health.failing());
        }
        jwksFailures = health.failing();
        report();
    }

    private void redis(StreamMessage.RedisHealth health) {
        requireHello("redis");
        if (health.error() != null) {
            LOG.log(Level.WARNING, "data plane {0} reports its Redis does not answer: {1}", node, health.error());
        } else if (redisError != null) {
            LOG.log(Level.INFO, "data plane {0} reports its Redis answers again", node);
        }
        redisError = health.error();
        report();
    }

    /** A health report names no node or group of its own: it only means something after hello. */
    private void requireHello(String type) {
        if (gateway == null) {
            throw new IllegalStateException(type + " before hello");
        }
    }

    /** Sends what the node lacks, unless a push is unanswered. */
    void sync() {
        if (closed || gateway == null || inFlight != null || !server.publisher().initialized()) {
            return;
        }
        PublishedSnapshot latest = server.publisher().latest(gateway);
        if (latest == null || latest == serving || latest.version() == rejectedVersion) {
            return;
        }
        if (!forceFull && latest.hash().equals(heldHash)) {
            // same content under another version (a resume): nothing to send, the node already serves it
            serving = latest;
            report();
            return;
        }
        boolean full = forceFull || serving == null;
        byte[] frame = full ? latest.fullFrame() : server.deltaFrame(serving, heldLabel, latest);
        inFlight = latest;
        inFlightFull = full;
        sentAtNanos = System.nanoTime();
        server.metrics().pushed(full, frame.length);
        server.countSent(frame.length);
        response.write(Buffer.buffer(frame));
    }

    /**
     * Sends a heartbeat frame and an HTTP/2 PING. Data planes send nothing when nothing changes, so the
     * PING's answer is what proves they are alive.
     *
     * @return false when the peer has not answered a PING for three intervals (at least two seconds): the
     *         stream is dead
     */
    boolean heartbeat(long intervalMs) {
        if (closed) {
            return true;
        }
        long now = System.nanoTime();
        if (now - lastAliveNanos > Math.max(3 * intervalMs, MIN_SILENCE_MS) * 1_000_000L) {
            return false;
        }
        response.write(Buffer.buffer(FrameCodec.encode(new StreamMessage.Heartbeat(server.clock().millis(), intervalMs))));
        HttpConnection connection = connection();
        try {
            connection.ping(Buffer.buffer(new byte[8])).onSuccess(pong -> lastAliveNanos = System.nanoTime());
        } catch (RuntimeException e) {
            lastAliveNanos = now; // not HTTP/2 (no PING): the TCP connection's own end is all we can go by
        }
        return true;
    }

    private HttpConnection connection() {
        return request.connection();
    }

    /** Drops the TCP connection of a stream whose peer went silent (no FIN ever came). */
    void abort() {
        HttpConnection connection = connection();
        if (connection != null) {
            connection.close();
        }
    }

    /** Ends this stream only (an RST_STREAM), leaving its connection to other streams. */
    void reset() {
        if (!response.ended() && !response.closed()) {
            response.reset();
        }
    }

    /** True when both streams travel on the same HTTP/2 connection. */
    boolean sharesConnectionWith(NodeStream other) {
        return connection() != null && connection() == other.connection();
    }

    String node() {
        return node;
    }

    /** The stream ended: the node is gone until it reconnects. */
    void closed() {
        if (closed) {
            return;
        }
        closed = true;
        if (gateway != null) {
            LOG.log(Level.INFO, "data plane {0} of gateway {1} disconnected", node, gateway);
            report();
        }
    }

    boolean isResponseEnded() {
        return response.ended() || response.closed();
    }

    void end() {
        response.end();
    }

    NodeState state() {
        return new NodeState(connection, node, gateway, connectedSince, serving, heldLabel, rejectedVersion,
                rejectedError, !closed, globalRateLimits, jwksFailures, redisError);
    }

    private void report() {
        server.nodeChanged(this, state());
    }

    private String describe() {
        return node == null ? "stream " + connection : "data plane " + node;
    }
}
