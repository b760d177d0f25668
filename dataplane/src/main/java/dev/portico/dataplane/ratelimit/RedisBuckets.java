package dev.portico.dataplane.ratelimit;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Global buckets: one {@code EVALSHA} of {@code gcra.lua} per decision through the async Vert.x Redis
 * client, all pipelined on one held connection (Redis runs scripts one at a time anyway, and a pool
 * checkout per request costs more than the script). A closed or broken connection is replaced on the next
 * decision, so a restarted Redis is simply reconnected to. A reply slower than the timeout, or no
 * connection, fails the decision; after a failure, decisions fail fast for a short while instead of
 * queueing connection attempts, then the next one tries Redis again.
 */
final class RedisBuckets {
    static final String SCRIPT = loadScript();
    static final String SCRIPT_SHA = sha1(SCRIPT);
    private static final long FAIL_FAST_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final long STALLED_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int MAX_KEY_VALUE = 128;
    private static final System.Logger LOG = System.getLogger(RedisBuckets.class.getName());

    private static final long PROBE_EVERY_MS = 1_000;

    private final Vertx vertx;
    private final Redis redis;
    private volatile Consumer<String> health = error -> { };
    private volatile String outageCause; // how the decision that began the outage failed
    private volatile boolean closed;
    private final AtomicReference<Future<RedisConnection>> link = new AtomicReference<>();
    private final long timeoutMs;
    private final String where; // the URL without credentials, for the log
    private final AtomicBoolean outage = new AtomicBoolean(); // logged once when it starts and once when it ends
    private volatile boolean failing;
    private volatile long lastReply = System.nanoTime();
    private volatile long failedAt;

    RedisBuckets(Vertx vertx, String url, long timeoutMs) {
        this.vertx = vertx;
        this.timeoutMs = timeoutMs;
        this.where = url.replaceFirst("//[^@/]*@", "//");
        this.redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(url)
                .setMaxPoolSize(16).setMaxPoolWaiting(4096).setMaxWaitingHandlers(4096)
                .setNetClientOptions(new NetClientOptions().setConnectTimeout((int) Math.max(250, timeoutMs * 5))
                        .setTcpNoDelay(true)));
        connection(); // connect now, so the first request does not wait for it
    }

    /** Thrown (as a failed future) when Redis did not answer in time or at all. */
    static final class Unavailable extends RuntimeException {
        Unavailable(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    /** Counts one request against each spec's counter, all or nothing. */
    Future<Verdict[]> take(List<LimitSpec> specs, List<String> keys) {
        if (failing && System.nanoTime() - failedAt < FAIL_FAST_NANOS) {
            return Future.failedFuture(new Unavailable("Redis failed less than 250 ms ago", null));
        }
        Future<RedisConnection> used = connection();
        return used.compose(c -> c.send(script(Command.EVALSHA, SCRIPT_SHA, specs, keys))
                .recover(e -> isNoScript(e) // a restarted Redis has forgotten the script
                        ? c.send(script(Command.EVAL, SCRIPT, specs, keys)) : Future.failedFuture(e)))
                .timeout(timeoutMs, TimeUnit.MILLISECONDS)
                .transform(ar -> {
                    if (ar.failed()) {
                        if (System.nanoTime() - lastReply > STALLED_NANOS) {
                            drop(used); // nothing came back for a while: the next decision reconnects
                        }
                        failedAt = System.nanoTime();
                        failing = true;
                        if (outage.compareAndSet(false, true)) {
                            LOG.log(System.Logger.Level.WARNING, "Redis at " + where + " failed a Global rate-limit "
                                    + "decision (" + ar.cause().getMessage() + "): until it answers, each limit's "
                                    + "failureMode decides (Open lets requests through, Closed answers 503); "
                                    + "portico_ratelimit_redis_failures_total counts them");
                            outageCause = String.valueOf(ar.cause().getMessage());
                            health.accept(outageCause);
                            probeUntilItAnswers();
                        }
                        return Future.failedFuture(new Unavailable(String.valueOf(ar.cause().getMessage()), ar.cause()));
                    }
                    long now = System.nanoTime();
                    if (now - lastReply > 10_000_000L) { // rarely written: this field is shared by every event loop
                        lastReply = now;
                    }
                    answered();
                    return Future.succeededFuture(verdicts(ar.result(), specs));
                });
    }

    /** Tells {@code listener} when an outage begins (how the decision failed) and when it ends (null). */
    void reportHealth(Consumer<String> listener) {
        health = listener;
        if (outage.get()) {
            listener.accept(outageCause);
        }
    }

    /** Redis answered: an outage, if one was under way, is over. */
    private void answered() {
        if (failing) {
            failing = false;
        }
        if (outage.get() && outage.compareAndSet(true, false)) {
            LOG.log(System.Logger.Level.INFO, "Redis at " + where + " answers again: Global rate limits count there");
            health.accept(null);
        }
    }

    /**
     * During an outage, a PING every second (on a fresh connection when the held one failed), so its end is seen
     * and reported without waiting for a request that needs a decision.
     */
    private void probeUntilItAnswers() {
        vertx.setTimer(PROBE_EVERY_MS, id -> {
            if (!outage.get() || closed) {
                return;
            }
            Future<RedisConnection> used = connection();
            used.compose(c -> c.send(Request.cmd(Command.PING))).timeout(timeoutMs, TimeUnit.MILLISECONDS)
                    .onComplete(ar -> {
                        if (ar.succeeded()) {
                            answered();
                        } else {
                            drop(used);
                            probeUntilItAnswers();
                        }
                    });
        });
    }

    /** The held connection, or a new one when there is none or the last attempt failed. */
    private Future<RedisConnection> connection() {
        Future<RedisConnection> current = link.get();
        if (current != null && !current.failed()) {
            return current;
        }
        Promise<RedisConnection> fresh = Promise.promise();
        if (!link.compareAndSet(current, fresh.future())) {
            return connection(); // another decision got there first
        }
        redis.connect().onComplete(ar -> {
            if (ar.failed()) {
                fresh.fail(ar.cause());
                return;
            }
            RedisConnection c = ar.result();
            c.exceptionHandler(e -> drop(fresh.future())).endHandler(v -> drop(fresh.future()));
            // load the script before the first decision needs it; EVALSHA's NOSCRIPT fallback covers a failure
            c.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(SCRIPT)).onComplete(loaded -> fresh.complete(c));
        });
        return fresh.future();
    }

    private void drop(Future<RedisConnection> dead) {
        if (dead != null && link.compareAndSet(dead, null) && dead.succeeded()) {
            dead.result().close();
        }
    }

    private static Request script(Command command, String script, List<LimitSpec> specs, List<String> keys) {
        Request r = Request.cmd(command).arg(script).arg(specs.size());
        for (int i = 0; i < specs.size(); i++) {
            r.arg(counterKey(specs.get(i), keys.get(i)));
        }
        for (LimitSpec spec : specs) {
            r.arg(spec.intervalMicros()).arg(spec.toleranceMicros());
        }
        return r;
    }

    private static Verdict[] verdicts(Response reply, List<LimitSpec> specs) {
        boolean admitted = reply.get(0).toLong() == 1;
        Verdict[] out = new Verdict[specs.size()];
        for (int i = 0; i < out.length; i++) {
            long remaining = reply.get(1 + 3 * i).toLong();
            long resetNanos = reply.get(2 + 3 * i).toLong() * 1_000;
            long retryNanos = reply.get(3 + 3 * i).toLong() * 1_000;
            out[i] = new Verdict(admitted && retryNanos == 0, specs.get(i).capacity(), remaining, resetNanos,
                    retryNanos);
        }
        return out;
    }

    /** {@code portico:rl:<policy>:<limit>:<value>}; long values are hashed so Redis memory stays bounded. */
    static String counterKey(LimitSpec spec, String value) {
        String v = value.length() <= MAX_KEY_VALUE ? value : "#" + sha256(value);
        return "portico:rl:" + spec.policy() + ":" + spec.name() + ":" + v;
    }

    private static boolean isNoScript(Throwable e) {
        return e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT");
    }

    Future<Void> close() {
        closed = true;
        drop(link.get());
        return redis.close();
    }

    private static String loadScript() {
        try (InputStream in = RedisBuckets.class.getResourceAsStream("gcra.lua")) {
            if (in == null) {
                throw new IllegalStateException("gcra.lua is missing from the data-plane jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String s) {
        return digest("SHA-1", s);
    }

    private static String sha256(String s) {
        return digest("SHA-256", s);
    }

    private static String digest(String algorithm, String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
