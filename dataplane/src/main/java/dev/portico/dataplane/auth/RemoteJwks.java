package dev.portico.dataplane.auth;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
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

    RemoteJwks(String uri, WebClient client, AuthOptions options, LongSupplier nanoTime) {
        this.uri = uri;
        this.client = client;
        this.options = options;
        this.nanoTime = nanoTime;
    }

    /** Registers this URI's meters: failed fetches, and the usable keys held now (0 before a fetch succeeded). */
    RemoteJwks meteredIn(MeterRegistry registry) {
        FunctionCounter.builder("portico_jwks_fetch_failures", failures, AtomicLong::get)
                .description("Fetches of a JWKS URI that failed (no answer, not 200, too large); the keys known are kept")
                .tag("uri", uri).register(registry);
        Gauge.builder("portico_jwks_keys", ring, r -> r.get().size())
                .description("Usable keys held for a JWKS URI; 0 until a fetch succeeds: every token is refused")
                .tag("uri", uri).register(registry);
        return this;
    }

    /** The keys known now; starts a background refresh first when they are older than the maximum age. */
    KeyRing current() {
        long now = nanoTime.getAsLong();
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
                failures.incrementAndGet();
                LOG.log(System.Logger.Level.WARNING, "JWKS {0} could not be fetched ({1}); keeping {2} known keys",
                        uri, ar.cause().toString(), ring.get().size());
            } else {
                accept(ar.result());
            }
            return Future.succeededFuture();
        });
    }

    private void accept(HttpResponse<Buffer> res) {
        Buffer body = res.body();
        if (res.statusCode() != 200 || body == null || body.length() > options.jwksMaxBytes()) {
            failures.incrementAndGet();
            LOG.log(System.Logger.Level.WARNING, "JWKS {0} answered {1} with {2} bytes; keeping {3} known keys", uri,
                    res.statusCode(), body == null ? 0 : body.length(), ring.get().size());
            return;
        }
        String json = body.toString();
        lastSuccess.set(nanoTime.getAsLong());
        if (json.equals(lastBody)) {
            return; // same keys: keep the ring, so verified tokens stay cached
        }
        KeyRing parsed = KeyRing.parse(json, uri);
        if (parsed.size() == 0 && ring.get().size() > 0) {
            LOG.log(System.Logger.Level.WARNING, "JWKS {0} now holds no usable key; every token is refused", uri);
        }
        lastBody = json;
        ring.set(parsed);
        LOG.log(System.Logger.Level.DEBUG, "JWKS {0}: {1} usable keys", uri, parsed.size());
    }
}
