package dev.portico.operator.stream;

import dev.portico.snapshot.Delta;
import dev.portico.snapshot.stream.FrameCodec;
import dev.portico.snapshot.stream.StreamMessage;
import dev.portico.snapshot.stream.StreamProtocol;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The operator side of the snapshot stream: an HTTP/2 (h2c) server on which every data plane holds one
 * long-lived {@code POST /portico.v1.Snapshots/Stream}. All stream state lives on one event loop; the
 * publisher's news reaches it through {@link Context#runOnContext}.
 */
public final class SnapshotStreamServer {
    private static final System.Logger LOG = System.getLogger(SnapshotStreamServer.class.getName());
    private static final int DELTA_CACHE_ENTRIES = 64;

    private final Vertx vertx;
    private final Context context;
    private final SnapshotPublisher publisher;
    private final StreamServerOptions options;
    private final StreamMetrics metrics;
    private final Clock clock;
    private final Set<NodeStream> streams = new HashSet<>();
    private final Map<NodeStream, NodeState> states = new ConcurrentHashMap<>();
    private final List<Consumer<NodeState>> listeners = new CopyOnWriteArrayList<>();
    private final Set<String> pendingGroups = new HashSet<>();
    private final Map<String, byte[]> deltaFrames = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > DELTA_CACHE_ENTRIES;
        }
    };
    private static final long REFUSAL_LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private final AtomicLong refusedStreams = new AtomicLong();
    private final AtomicLong lastRefusalLogNanos = new AtomicLong();
    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private HttpServer server;
    private long heartbeatTimer = -1;
    private long debounceTimer = -1;
    private boolean flushQueued;
    private long lastFlushMillis;

    public SnapshotStreamServer(Vertx vertx, SnapshotPublisher publisher, StreamServerOptions options,
            StreamMetrics metrics, Clock clock) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.publisher = publisher;
        this.options = options;
        this.metrics = metrics;
        this.clock = clock;
        publisher.onPublished(p -> context.runOnContext(v -> published(p.gateway())));
    }

    /** Called on the event loop whenever a data plane connects, ACKs, NACKs or disconnects. */
    public void onNodeChange(Consumer<NodeState> listener) {
        listeners.add(listener);
    }

    /** Binds the port; the future holds the actual port (useful when 0 was asked for). */
    public Future<Integer> start() {
        Promise<Integer> bound = Promise.promise();
        context.runOnContext(v -> {
            server = vertx.createHttpServer(new HttpServerOptions().setHost(options.host()).setPort(options.port())
                    .setHttp2ClearTextEnabled(true));
            server.requestHandler(this::request);
            server.listen().onSuccess(s -> {
                long interval = options.heartbeat().toMillis();
                heartbeatTimer = vertx.setPeriodic(interval, id -> heartbeats(interval));
                LOG.log(Level.INFO, "snapshot stream listening on {0}:{1}", options.host(), String.valueOf(s.actualPort()));
                bound.complete(s.actualPort());
            }).onFailure(bound::fail);
        });
        return bound.future();
    }

    /** Closes every stream and the port; data planes keep serving what they have and reconnect later. */
    public Future<Void> stop() {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            vertx.cancelTimer(heartbeatTimer);
            vertx.cancelTimer(debounceTimer);
            List<NodeStream> open = new ArrayList<>(streams);
            open.forEach(this::closeStream);
            (server == null ? Future.<Void>succeededFuture() : server.close()).onComplete(r -> done.complete());
        });
        return done.future();
    }

    /** Connected data planes that said hello, across every gateway group. Safe from any thread. */
    public List<NodeState> nodes() {
        return states.values().stream().filter(s -> s.gateway() != null && s.connected()).toList();
    }

    public List<NodeState> nodes(String gateway) {
        return nodes().stream().filter(s -> gateway.equals(s.gateway())).toList();
    }

    /** Frames and bytes written to data planes since start, heartbeats excluded. */
    public long framesSent() {
        return framesSent.get();
    }

    public long bytesSent() {
        return bytesSent.get();
    }

    private void request(HttpServerRequest req) {
        if (!StreamProtocol.PATH.equals(req.path())) {
            reject(req, 404, "not_found", "the snapshot stream is served at " + StreamProtocol.PATH);
            return;
        }
        if (req.method() != HttpMethod.POST) {
            reject(req, 405, "method_not_allowed", "the snapshot stream accepts POST only");
            return;
        }
        if (!options.token().accepts(req.getHeader("Authorization"))) {
            reject(req, 401, "unauthorized", "a valid Authorization: Bearer token is required");
            return;
        }
        NodeStream stream = new NodeStream(this, req, UUID.randomUUID().toString(),
                options.maxFrameBytes());
        streams.add(stream);
        metrics.connectedDelta(1);
        req.response().setChunked(true).setStatusCode(200).putHeader("content-type", StreamProtocol.CONTENT_TYPE);
        req.response().writeHead();
        req.handler(stream::feed);
        req.endHandler(v -> closeStream(stream));
        req.exceptionHandler(e -> closeStream(stream));
        req.response().closeHandler(v -> closeStream(stream));
    }

    private void reject(HttpServerRequest req, int status, String code, String message) {
        metrics.refused(code);
        long refused = refusedStreams.incrementAndGet();
        long now = System.nanoTime();
        long last = lastRefusalLogNanos.get();
        // a data plane with a stale token retries every few seconds: say so at once, then about once a minute
        if ((refused == 1 || now - last >= REFUSAL_LOG_INTERVAL_NANOS) && lastRefusalLogNanos.compareAndSet(last, now)) {
            LOG.log(Level.WARNING, "refused a snapshot stream from {0}: HTTP {1}, {2} ({3} refused since start)",
                    String.valueOf(req.remoteAddress()), String.valueOf(status), message, String.valueOf(refused));
        }
        String body = "{\"error\":\"" + code + "\",\"message\":\"" + message + "\",\"requestId\":\""
                + UUID.randomUUID() + "\"}";
        req.response().setStatusCode(status).putHeader("content-type", "application/json").end(body);
    }

    private void closeStream(NodeStream stream) {
        if (streams.remove(stream)) {
            metrics.connectedDelta(-1);
            stream.closed();
            states.remove(stream);
            if (!stream.isResponseEnded()) {
                stream.end();
            }
        }
    }

    private void heartbeats(long interval) {
        for (NodeStream stream : new ArrayList<>(streams)) {
            if (!stream.heartbeat(interval)) {
                LOG.log(Level.WARNING, "data plane {0} answered no PING for three heartbeats: dropping its stream",
                        stream.node());
                closeStream(stream);
                stream.abort();
            }
        }
    }

    /** One stream per node: a node that reconnects before its old connection was seen to die replaces it. */
    void helloFrom(NodeStream fresh) {
        for (NodeStream other : new ArrayList<>(streams)) {
            if (other != fresh && fresh.node().equals(other.node())) {
                LOG.log(Level.INFO, "data plane {0} reconnected: closing its previous stream", fresh.node());
                closeStream(other);
                if (other.sharesConnectionWith(fresh)) {
                    other.reset();
                } else {
                    other.abort(); // the old connection may be half-open: nothing else would ever close it
                }
            }
        }
    }

    void protocolError(NodeStream stream, String message) {
        closeStream(stream);
    }

    /**
     * Coalesces a burst of publications into one push per group: the first publication after a quiet window
     * goes out at once (a lone change waits for nothing), later ones wait until the window since that push ends.
     */
    private void published(String gateway) {
        pendingGroups.add(gateway);
        if (debounceTimer >= 0 || flushQueued) {
            return;
        }
        long wait = lastFlushMillis + options.debounce().toMillis() - System.currentTimeMillis();
        if (wait <= 0) {
            flushQueued = true; // one turn of the loop lets the other groups of the same publication join
            context.runOnContext(v -> flush());
        } else {
            debounceTimer = vertx.setTimer(wait, id -> flush());
        }
    }

    private void flush() {
        debounceTimer = -1;
        flushQueued = false;
        lastFlushMillis = System.currentTimeMillis();
        Set<String> groups = new HashSet<>(pendingGroups);
        pendingGroups.clear();
        new ArrayList<>(streams).stream().filter(s -> groups.contains(s.gateway())).forEach(NodeStream::sync);
    }

    byte[] deltaFrame(PublishedSnapshot base, long baseLabel, PublishedSnapshot next) {
        String key = base.gateway() + "|" + base.version() + "|" + baseLabel + "|" + next.version();
        return deltaFrames.computeIfAbsent(key, k -> encodeDelta(base, baseLabel, next));
    }

    /** The frame of the delta from {@code base} (which the node knows as {@code baseLabel}) to {@code next}. */
    public static byte[] encodeDelta(PublishedSnapshot base, long baseLabel, PublishedSnapshot next) {
        Delta d = base.snapshot().diff(next.snapshot(), next.hash());
        Delta relabeled = new Delta(baseLabel, d.version(), d.hash(), d.routes(), d.removedRoutes(),
                d.clusters(), d.removedClusters());
        return FrameCodec.encode(new StreamMessage.DeltaMessage(relabeled));
    }

    void nodeChanged(NodeStream stream, NodeState state) {
        if (state.connected()) {
            states.put(stream, state);
        } else {
            states.remove(stream);
        }
        for (Consumer<NodeState> listener : listeners) {
            try {
                listener.accept(state);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a node-change listener failed", e);
            }
        }
    }

    void countSent(int bytes) {
        framesSent.incrementAndGet();
        bytesSent.addAndGet(bytes);
    }

    SnapshotPublisher publisher() {
        return publisher;
    }

    StreamMetrics metrics() {
        return metrics;
    }

    Clock clock() {
        return clock;
    }
}
