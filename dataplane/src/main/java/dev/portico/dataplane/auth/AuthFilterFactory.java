package dev.portico.dataplane.auth;

import dev.portico.dataplane.filter.RouteFilter;
import dev.portico.dataplane.filter.RouteFilterFactory;
import dev.portico.snapshot.Auth;
import dev.portico.snapshot.JwtAuth;
import dev.portico.snapshot.Route;
import dev.portico.snapshot.Rule;
import dev.portico.snapshot.stream.StreamMessage.JwksFailure;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Builds the authentication filter of every rule whose route has {@code auth}. Register it first in
 * {@code GatewayOptions.filterFactories}, before rate limiting. What outlives one snapshot lives
 * here: the verified-token cache, parsed inline key sets, and one {@link RemoteJwks} per JWKS URI,
 * so a snapshot swap costs no refetch and, for unchanged keys, no re-verification.
 */
public final class AuthFilterFactory implements RouteFilterFactory, AutoCloseable {
    private static final int MAX_PARSED_KEY_SETS = 64;

    private final AuthOptions options;
    private final Vertx vertx;
    private final WebClient http;
    private final TokenCache tokens;
    private final AtomicLong signatureChecks = new AtomicLong();
    private final Map<String, KeyRing> parsed = new ConcurrentHashMap<>();
    private final Map<String, RemoteJwks> remote = new ConcurrentHashMap<>();
    /** JWKS meters; the data plane's registry joins through {@link #publishTo} (it is made after this factory). */
    private final CompositeMeterRegistry meters = new CompositeMeterRegistry();
    /** JWKS URIs whose last fetch failed, by URI; told to {@link #health} whenever the set changes. */
    private final Map<String, JwksFailure> failing = new HashMap<>();
    private Consumer<List<JwksFailure>> health = list -> { };

    public AuthFilterFactory(Vertx vertx) {
        this(vertx, AuthOptions.defaults());
    }

    public AuthFilterFactory(Vertx vertx, AuthOptions options) {
        this.options = options;
        this.vertx = vertx;
        this.http = WebClient.create(vertx, new WebClientOptions().setUserAgent("portico-dataplane")
                .setMaxRedirects(3));
        this.tokens = new TokenCache(options.tokenCacheSize());
    }

    @Override
    public RouteFilter create(Route route, Rule rule) {
        Auth auth = route.auth();
        if (auth == null || (auth.jwt() == null && auth.apiKeys() == null)) {
            return null;
        }
        JwtVerifier verifier = auth.jwt() == null ? null : verifier(route, auth.jwt());
        ApiKeys keys = auth.apiKeys() == null ? null : new ApiKeys(auth.apiKeys(), route.id());
        return new AuthFilter(route.id(), auth.jwt(), verifier, keys);
    }

    /** Adds {@code target} to the registries the JWKS meters report to (the admin port's Prometheus one). */
    public void publishTo(MeterRegistry target) {
        meters.add(target);
    }

    /**
     * Tells {@code listener} the JWKS URIs whose last fetch failed (sorted by URI), now and whenever that list
     * changes, in order, from whichever thread fetched: the stream client sends it to the operator.
     */
    public synchronized void reportJwksHealth(Consumer<List<JwksFailure>> listener) {
        health = listener;
        listener.accept(failingNow());
    }

    private synchronized void outcome(String uri, JwksFailure failure) {
        JwksFailure before = failure == null ? failing.remove(uri) : failing.put(uri, failure);
        if (!Objects.equals(before, failure)) {
            health.accept(failingNow());
        }
    }

    private List<JwksFailure> failingNow() {
        return failing.values().stream().sorted(Comparator.comparing(JwksFailure::uri)).toList();
    }

    /** Signatures checked so far (cache misses), for tests and benchmarks. */
    public long signatureChecks() {
        return signatureChecks.get();
    }

    /** Verified tokens currently cached. */
    public int cachedTokens() {
        return tokens.size();
    }

    @Override
    public void close() {
        http.close();
    }

    private JwtVerifier verifier(Route route, JwtAuth jwt) {
        if (jwt.issuer() == null || jwt.issuer().isEmpty()) {
            throw new IllegalArgumentException("auth.jwt.issuer is empty");
        }
        if ((jwt.jwks() == null) == (jwt.jwksUri() == null)) {
            throw new IllegalArgumentException("auth.jwt needs exactly one of jwks / jwksUri");
        }
        for (JwtAuth.ClaimToHeader c : jwt.claimsToHeaders()) {
            if (c.claim() == null || c.claim().isEmpty() || c.header() == null || c.header().isEmpty()) {
                throw new IllegalArgumentException("auth.jwt.claimsToHeaders needs a claim and a header in every entry");
            }
        }
        if (jwt.jwks() != null) {
            if (parsed.size() >= MAX_PARSED_KEY_SETS) {
                parsed.clear(); // rotations pile up old sets; the current ones are parsed again on demand
            }
            KeyRing ring = parsed.computeIfAbsent(jwt.jwks(), json -> KeyRing.parse(json, "route " + route.id()));
            return new JwtVerifier(jwt, ring, null, tokens, options, System::currentTimeMillis, signatureChecks,
                vertx);
        }
        checkUri(jwt.jwksUri());
        RemoteJwks source = remote.computeIfAbsent(jwt.jwksUri(),
                uri -> new RemoteJwks(uri, http, options, System::nanoTime, failure -> outcome(uri, failure),
                        (ms, task) -> vertx.setTimer(ms, id -> task.run())).meteredIn(meters));
        source.current(); // first use fetches in the background, so keys are there before the first request
        return new JwtVerifier(jwt, null, source, tokens, options, System::currentTimeMillis, signatureChecks,
                vertx);
    }

    private static void checkUri(String uri) {
        URI parsed;
        try {
            parsed = URI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("auth.jwt.jwksUri \"" + uri + "\" is not a URI");
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || parsed.getHost() == null) {
            throw new IllegalArgumentException("auth.jwt.jwksUri \"" + uri + "\" must be an absolute http(s) URL");
        }
    }
}
