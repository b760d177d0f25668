package dev.portico.dataplane.auth;

import dev.portico.snapshot.stream.StreamMessage.JwksFailure;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The key set served at one configured JWKS URI: fetched without blocking, cached, refreshed in the
 * background when old, and on demand (an unknown kid) at most once per minimum interval. A failed
 * fetch keeps the keys already known. Shared by every route and snapshot naming the same URI; safe
 * to use from any event loop.
 */
final class RemoteJwks {
    private static final System.Logger LOG = System.getLogger(RemoteJwks.class.getName());
    private static final long NEVER = Long.MIN_VALUE;
    private static final long USE_GRANULARITY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final String uri;
    private final WebClient client;
    private final AuthOptions options;
    private final LongSupplier nanoTime;
    private final AtomicReference<KeyRing> ring = new AtomicReference<>(KeyRing.NOT_FETCHED);
    private final AtomicReference<Future<KeyRing>> inFlight = new AtomicReference<>();
    private final AtomicLong lastAttempt = new AtomicLong(NEVER);
    private final AtomicLong lastSuccess = new AtomicLong(NEVER);
    private final AtomicLong failures = new AtomicLong();
    private volatile String lastBody;
    private final Consumer<JwksFailure> outcomes;
    private final BiConsumer<Long, Runnable> later;
    private final AtomicLong lastUse;
    private final AtomicBoolean retryPending = new AtomicBoolean();

    /**
     * @param outcomes told each fetch's outcome: null when it gave usable keys, else what failed
     * @param later    runs a task after so many milliseconds: a failed fetch is tried again by itself while the
     *                 keys were asked for within the maximum age, so an outage's end shows without a request
     */
    RemoteJwks(String uri, WebClient client, AuthOptions options, LongSupplier nanoTime,
            Consumer<JwksFailure> outcomes, BiConsumer<Long, Runnable> later) {
        this.uri = uri;
        this.client = client;
        this.options = options;
        this.nanoTime = nanoTime;
        this.outcomes = outcomes;
        this.later = later;
        this.lastUse = new AtomicLong(nanoTime.getAsLong());
    }

    /** Registers this URI's meters: failed fetches, and the usable keys held now (0 before a fetch succeeded). */
    RemoteJwks meteredIn(MeterRegistry registry) {
        FunctionCounter.builder("portico_jwks_fetch_failures", failures, AtomicLong::get)
                .description("Fetches of a JWKS URI that failed (no answer, not 200, too large); "
                        + "the keys known are kept")
                .tag("uri", uri).register(registry);
        Gauge.builder("portico_jwks_keys", ring, r -> r.get().size())
                .description("Usable keys held for a JWKS URI; 0 until a fetch succeeds: every token is refused")
                .tag("uri", uri).register(registry);
        return this;
    }

    /** The keys known now; starts a background refresh first when they are older than the maximum age. */
    KeyRing current() {
        long now = nanoTime.getAsLong();
        if (now - lastUse.get() > USE_GRANULARITY_NANOS) { // every verification asks: written about once a second,
            lastUse.set(now);                                 // not by every event loop on every request
        }
        long success = lastSuccess.get();
        if ((success == NEVER || now - success >= options.jwksMaxAge().toNanos()) && mayFetch(now)) {
            refresh();
        }
        return ring.get();
    }

    /**
     * Fetches again unless a fetch is running (its result is returned) or the last attempt was within
     * the minimum interval (the current keys are returned at once).
     */
    Future<KeyRing> refresh() {
        Promise<KeyRing> promise = Promise.promise();
        if (!inFlight.compareAndSet(null, promise.future())) {
            Future<KeyRing> running = inFlight.get();
            return running != null ? running : Future.succeededFuture(ring.get());
        }
        long now = nanoTime.getAsLong();
        if (!mayFetch(now)) {
            inFlight.set(null);
            return Future.succeededFuture(ring.get());
        }
        lastAttempt.set(now);
        fetch().onComplete(ar -> {
            inFlight.set(null);
            promise.complete(ring.get());
        });
        return promise.future();
    }

    private boolean mayFetch(long now) {
        long last = lastAttempt.get();
        return last == NEVER || now - last >= options.jwksMinRefreshInterval().toNanos();
    }

    private Future<Void> fetch() {
        long timeoutMs = options.jwksFetchTimeout().toMillis();
        Future<HttpResponse<Buffer>> response;
        try {
            response = client.getAbs(uri).connectTimeout(timeoutMs).idleTimeout(timeoutMs)
                    .putHeader("accept", "application/jwk-set+json, application/json").send()
                    .timeout(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            response = Future.failedFuture(e);
        }
        return response.transform(ar -> {
            if (ar.failed()) {
                LOG.log(System.Logger.Level.WARNING, "JWKS {0} could not be fetched ({1}); keeping {2} known keys",
                        uri, ar.cause().toString(), ring.get().size());
                failed(ar.cause().getMessage() == null ? ar.cause().toString() : ar.cause().getMessage());
            } else {
                accept(ar.result());
            }
            return Future.succeededFuture();
        });
    }

    private void accept(HttpResponse<Buffer> res) {
        Buffer body = res.body();
        if (res.statusCode() != 200 || body == null || body.length() > options.jwksMaxBytes()) {
            LOG.log(System.Logger.Level.WARNING, "JWKS {0} answered {1} with {2} bytes; keeping {3} known keys", uri,
                    res.statusCode(), body == null ? 0 : body.length(), ring.get().size());
            failed(res.statusCode() != 200 ? "answered " + res.statusCode()
                    : "answered more than " + options.jwksMaxBytes() + " bytes");
            return;
        }
        String json = body.toString();
        lastSuccess.set(nanoTime.getAsLong());
        if (json.equals(lastBody)) {
            fetched();
            return; // same keys: keep the ring, so verified tokens stay cached
        }
        KeyRing parsed = KeyRing.parse(json, uri);
        if (parsed.size() == 0 && ring.get().size() > 0) {
            LOG.log(System.Logger.Level.WARNING, "JWKS {0} now holds no usable key; every token is refused", uri);
        }
        lastBody = json;
        ring.set(parsed);
        LOG.log(System.Logger.Level.DEBUG, "JWKS {0}: {1} usable keys", uri, parsed.size());
        fetched();
    }

    private void failed(String why) {
        failures.incrementAndGet();
        outcomes.accept(new JwksFailure(uri, ring.get().size(), why.length() > 200 ? why.substring(0, 200) : why));
        if (nanoTime.getAsLong() - lastUse.get() < options.jwksMaxAge().toNanos() && retryPending.compareAndSet(false,
                true)) {
            later.accept(options.jwksMinRefreshInterval().toMillis() + 1, () -> {
                retryPending.set(false);
                refresh();
            });
        }
    }

    /** A fetch answered: usable keys, or a set without any, which refuses every token as a failed fetch does. */
    private void fetched() {
        int keys = ring.get().size();
        outcomes.accept(keys > 0 ? null : new JwksFailure(uri, 0, "holds no usable key"));
    }
}
