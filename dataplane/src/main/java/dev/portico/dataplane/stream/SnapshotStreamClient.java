package dev.portico.dataplane.stream;

import dev.portico.snapshot.Snapshot;
import dev.portico.snapshot.stream.StreamMessage;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemTrustOptions;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * The data plane's side of the snapshot stream: keeps one HTTP/2 stream to the operator open,
 * feeds what arrives to a {@link SnapshotSink} and answers each snapshot with ACK or NACK.
 *
 * <ul>
 *   <li>Every stream starts with {@code hello(node, gateway, lastVersion, lastHash)} naming the last
 *       applied snapshot, so an operator with nothing new sends nothing but heartbeats.</li>
 *   <li>A delta whose base is not the applied version, or whose result does not hash to the announced
 *       hash, is NACKed. The operator is expected to answer a refused delta with a full snapshot on the
 *       same stream; if none arrives within {@link StreamClientOptions#fullResendWait()}, the client
 *       drops the stream and reconnects with {@code hello(lastVersion=0, lastHash=null)}, which asks
 *       for one. It keeps asking that way until a full snapshot has been applied.</li>
 *   <li>A snapshot the sink refuses is NACKed with the sink's message; the previous one stays applied.</li>
 *   <li>Whatever ends a stream (HTTP error such as 401, reset, missed heartbeats, operator gone), the
 *       client reconnects after a full-jitter exponential delay and keeps the applied snapshot meanwhile.
 *       The delay sequence restarts once an operator has spoken the protocol on a stream.</li>
 * </ul>
 */
public final class SnapshotStreamClient {

    private static final System.Logger LOG = System.getLogger(SnapshotStreamClient.class.getName());
    private static final int WARN_EVERY_FAILURES = 12;
    /** How long after start a control plane not answering yet is only waited for, not warned about. */
    private static final long STARTING_NANOS = java.time.Duration.ofSeconds(10).toNanos();

    private final Vertx vertx;
    private final StreamClientOptions options;
    private final Context context;
    private final SnapshotFollower follower;
    private final Backoff backoff;
    private HttpClientAgent http;
    private StreamConnection connection;
    private long retryTimer = -1;
    private long fullResendTimer = -1;
    private boolean started;
    private boolean stopped;
    private long startedNanos;
    private boolean startWaitOver; // from then on an outage's first failure warns, whatever its number
    private boolean fullResendWanted;
    private volatile boolean connected;
    private volatile long attempts;
    private final Health<StreamMessage.JwksHealth> jwks = new Health<>(new StreamMessage.JwksHealth(List.of()),
            h -> !h.failing().isEmpty());
    private final Health<StreamMessage.RedisHealth> redis = new Health<>(new StreamMessage.RedisHealth(null),
            h -> h.error() != null);

    public SnapshotStreamClient(Vertx vertx, StreamClientOptions options, SnapshotSink sink) {
        this.vertx = vertx;
        this.options = options;
        this.context = vertx.getOrCreateContext();
        this.follower = new SnapshotFollower(options.gateway(), sink);
        this.backoff = new Backoff(options.initialBackoff(), options.maxBackoff(),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /** Starts connecting in the background; completes at once (readiness is the sink's first apply). */
    public Future<Void> start() {
        Promise<Void> started = Promise.promise();
        context.runOnContext(v -> {
            if (!this.started && !stopped) {
                this.started = true;
                startedNanos = System.nanoTime();
                http = vertx.createHttpClient(httpOptions());
                connect();
            }
            started.complete();
        });
        return started.future();
    }

    /** Ends the stream and stops reconnecting; the applied snapshot stays where the sink put it. */
    public Future<Void> stop() {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            stopped = true;
            if (retryTimer >= 0) {
                vertx.cancelTimer(retryTimer);
            }
            cancelFullResendTimer();
            if (connection != null) {
                connection.close("data plane stopping");
            }
            Future<Void> closed = http == null ? Future.succeededFuture() : http.close();
            closed.onComplete(ar -> done.complete());
        });
        return done.future();
    }

    /**
     * The JWKS URIs whose last fetch failed: sent when the list changes, and after every hello while it is not
     * empty (an operator that restarted or a reconnect learns it again). Callable from any thread.
     */
    public void jwksHealth(List<StreamMessage.JwksFailure> failing) {
        jwks.update(new StreamMessage.JwksHealth(failing));
    }

    /**
     * The Redis of Global limits stopped answering ({@code error}) or answers again (null): sent when it changes, and
     * after every hello during an outage. Callable from any thread.
     */
    public void redisHealth(String error) {
        redis.update(new StreamMessage.RedisHealth(error));
    }

    /** The last report of one kind: sent when it changes, and again after each hello while it tells of trouble. */
    private final class Health<T extends StreamMessage> {
        private final Predicate<T> trouble;
        private T last; // on the context

        Health(T healthy, Predicate<T> trouble) {
            this.last = healthy;
            this.trouble = trouble;
        }

        void update(T next) {
            context.runOnContext(v -> {
                if (next.equals(last)) {
                    return;
                }
                last = next;
                if (connection != null && connection.isOpen()) {
                    connection.send(next);
                }
            });
        }

        void resendTo(StreamConnection c) {
            if (trouble.test(last)) {
                c.send(last);
            }
        }
    }

    /** True while a stream to the operator is up (answered 200 and not yet ended). */
    public boolean connected() {
        return connected;
    }

    /** The last snapshot the sink accepted, or null before the first. */
    public Snapshot applied() {
        return follower.applied();
    }

    /** Streams attempted since start: a rising count while disconnected shows the backoff at work. */
    public long connectAttempts() {
        return attempts;
    }

    private HttpClientOptions httpOptions() {
        HttpClientOptions http = new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_2)
                .setConnectTimeout((int) options.connectTimeout().toMillis())
                .setDefaultHost(options.controlPlane().getHost())
                .setDefaultPort(options.port());
        if (options.tls()) {
            http.setSsl(true).setUseAlpn(true);
            if (options.caFile() != null) {
                http.setTrustOptions(new PemTrustOptions().addCertPath(options.caFile().toString()));
            }
        } else {
            // h2c with prior knowledge: no HTTP/1.1 Upgrade round trip.
            http.setHttp2ClearTextUpgrade(false);
        }
        return http;
    }

    private void connect() {
        retryTimer = -1;
        if (stopped) {
            return;
        }
        attempts++;
        // Wait for an apply still in flight, so hello names what is really applied.
        follower.idle()
                .compose(v -> vertx.fileSystem().readFile(options.tokenFile().toString()))
                .onComplete(ar -> {
                    if (stopped) {
                        return;
                    }
                    if (ar.failed()) {
                        scheduleReconnect("cannot read --token-file " + options.tokenFile() + ": "
                                + ar.cause().getMessage(), false);
                        return;
                    }
                    String token = ar.result().toString(StandardCharsets.UTF_8).trim();
                    connection = StreamConnection.open(vertx, http, options, token, hello(), listener());
                });
    }

    private StreamMessage.Hello hello() {
        Snapshot applied = follower.applied();
        if (applied == null || fullResendWanted) {
            return new StreamMessage.Hello(options.node(), options.gateway(), 0, null, options.globalRateLimits());
        }
        return new StreamMessage.Hello(options.node(), options.gateway(), applied.version(), applied.contentHash(),
                options.globalRateLimits());
    }

    private StreamConnection.Listener listener() {
        return new StreamConnection.Listener() {
            @Override
            public void opened(StreamConnection c) {
                connected = true;
                jwks.resendTo(c);
                redis.resendTo(c);
                LOG.log(Level.INFO, "snapshot stream to {0} open as node {1} of gateway {2}",
                        options.controlPlane(), options.node(), options.gateway());
            }

            @Override
            public void received(StreamConnection c, StreamMessage message) {
                backoff.reset();
                onMessage(c, message);
            }

            @Override
            public void closed(StreamConnection c, String reason) {
                if (c == connection) {
                    cancelFullResendTimer();
                    connected = false;
                    connection = null;
                    scheduleReconnect(reason, !c.reached());
                }
            }
        };
    }

    private void onMessage(StreamConnection c, StreamMessage message) {
        if (message instanceof StreamMessage.Heartbeat) {
            return;
        }
        if (message instanceof StreamMessage.Unrecognized unknown) { // a newer operator's: not an error
            LOG.log(Level.INFO, "the operator sent a \"{0}\" message, which this data plane does not know; ignored",
                    unknown.type());
            return;
        }
        if (!(message instanceof StreamMessage.SnapshotMessage) && !(message instanceof StreamMessage.DeltaMessage)) {
            LOG.log(Level.WARNING, "ignoring a {0} message, which only data planes send",
                    message.getClass().getSimpleName());
            return;
        }
        follower.accept(message).onComplete(ar -> context.runOnContext(v -> {
            SnapshotFollower.Outcome outcome = ar.succeeded() ? ar.result()
                    : new SnapshotFollower.Outcome(new StreamMessage.Nack(versionOf(message),
                            "cannot apply: " + ar.cause()), true);
            c.send(outcome.reply());
            if (outcome.reply() instanceof StreamMessage.Nack nack) {
                LOG.log(Level.WARNING, "refused snapshot version {0}: {1}", nack.version(), nack.error());
            } else if (message instanceof StreamMessage.SnapshotMessage) {
                fullResendWanted = false;
                cancelFullResendTimer();
            }
            if (outcome.fullResend()) {
                fullResendWanted = true;
                if (fullResendTimer < 0) {
                    awaitFullSnapshot(c);
                }
            }
        }));
    }

    /** Gives the operator a moment to resend in full on this stream, then asks by reconnecting. */
    private void awaitFullSnapshot(StreamConnection c) {
        long waitMs = options.fullResendWait().toMillis();
        fullResendTimer = vertx.setTimer(waitMs, id -> {
            fullResendTimer = -1;
            if (fullResendWanted && c == connection) {
                c.close("no full snapshot within " + waitMs + " ms of a refused delta; reconnecting to ask for one");
            }
        });
    }

    private void cancelFullResendTimer() {
        if (fullResendTimer >= 0) {
            vertx.cancelTimer(fullResendTimer);
            fullResendTimer = -1;
        }
    }

    /** @param unreachable nothing answered at the control plane's address (rather than a refusal or a drop) */
    private void scheduleReconnect(String reason, boolean unreachable) {
        if (stopped) {
            return;
        }
        int failures = backoff.failures();
        long delay = backoff.nextDelayMs();
        if (unreachable && follower.applied() == null && !startWaitOver
                && System.nanoTime() - startedNanos < STARTING_NANOS) {
            // started before the operator (the sandbox boots both at once): not an outage yet
            LOG.log(Level.INFO, "waiting for the control plane at {0} ({1}); retrying in {2} ms",
                    options.controlPlane(), reason, delay);
        } else {
            // A long outage logs its first failure and then about once a minute, not every retry.
            Level level = failures % WARN_EVERY_FAILURES == 0 || !startWaitOver ? Level.WARNING : Level.DEBUG;
            startWaitOver = true;
            LOG.log(level, "snapshot stream to {0} down ({1}); serving version {2}, retrying in {3} ms",
                    options.controlPlane(), reason, appliedVersion(), delay);
        }
        retryTimer = vertx.setTimer(delay, id -> connect());
    }

    private static long versionOf(StreamMessage message) {
        if (message instanceof StreamMessage.SnapshotMessage full && full.snapshot() != null) {
            return full.snapshot().version();
        }
        if (message instanceof StreamMessage.DeltaMessage delta && delta.delta() != null) {
            return delta.delta().version();
        }
        return 0;
    }

    private String appliedVersion() {
        Snapshot applied = follower.applied();
        return applied == null ? "none" : Long.toString(applied.version());
    }
}
