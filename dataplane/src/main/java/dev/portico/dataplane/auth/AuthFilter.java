package dev.portico.dataplane.auth;

import dev.portico.dataplane.filter.Exchange;
import dev.portico.dataplane.filter.GatewayException;
import dev.portico.dataplane.filter.RequestHead;
import dev.portico.dataplane.filter.RouteFilter;
import dev.portico.snapshot.ApiKeyAuth;
import dev.portico.snapshot.JwtAuth;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/**
 * Lets a request in with a valid API key or a valid bearer JWT (either, when a route has both);
 * otherwise answers 401 with a {@code WWW-Authenticate} challenge per configured method, and a message that says
 * what was wrong (for a bearer token, which check failed: also the challenge's {@code error_description}). Before the
 * upstream sees the request, the API key is removed (header, or query parameter) and so is
 * {@code Authorization} unless {@code forwardToken}; the identity it found goes into
 * {@code Portico-Client-Id} / the {@code claimsToHeaders} headers and {@link AuthAttributes}.
 */
final class AuthFilter implements RouteFilter {
    private static final System.Logger LOG = System.getLogger(AuthFilter.class.getName());
    private static final String BEARER = "bearer ";

    private final String routeId;
    private final JwtAuth jwtConfig;
    private final JwtVerifier jwt;
    private final ApiKeys apiKeys;

    /** @param jwt null when the route has no {@code auth.jwt}; @param apiKeys null without {@code auth.apiKeys} */
    AuthFilter(String routeId, JwtAuth jwtConfig, JwtVerifier jwt, ApiKeys apiKeys) {
        this.routeId = routeId;
        this.jwtConfig = jwtConfig;
        this.jwt = jwt;
        this.apiKeys = apiKeys;
    }

    @Override
    public boolean readsHeadOnly() {
        return true;
    }

    @Override
    public Future<Void> apply(Exchange ex) {
        String key = apiKeys == null ? null : takeApiKey(ex);
        String token = jwt == null ? null : takeBearer(ex);
        if (key != null) {
            String client = key.isEmpty() ? null : apiKeys.clientFor(key);
            if (client != null) {
                ex.attributes().put(AuthAttributes.CLIENT_ID, client);
                ex.setUpstreamHeader(AuthAttributes.CLIENT_ID_HEADER, client);
                return Future.succeededFuture();
            }
        }
        if (token == null) {
            return Future.failedFuture(refuse(ex, key != null, null));
        }
        if (token.isEmpty()) {
            return Future.failedFuture(refuse(ex, key != null, ex.head().headers("authorization").size() > 1
                    ? "the request has more than one Authorization header" : "the bearer token is empty"));
        }
        boolean keyPresented = key != null;
        Future<Map<String, Object>> verified = jwt.verify(token);
        // a cached token is decided at once: no further future for it
        return verified.isComplete() ? decided(ex, verified, keyPresented)
                : verified.transform(ar -> decided(ex, ar, keyPresented));
    }

    private Future<Void> decided(Exchange ex, AsyncResult<Map<String, Object>> ar, boolean keyPresented) {
        if (ar.failed()) {
            if (!(ar.cause() instanceof TokenRejected)) {
                LOG.log(System.Logger.Level.WARNING, "request " + ex.requestId() + " on route " + routeId
                        + ": token check failed inside the gateway", ar.cause());
            }
            return Future.failedFuture(refuse(ex, keyPresented, ar.cause() instanceof TokenRejected r ? r.getMessage()
                    : "the bearer token could not be checked"));
        }
        admit(ex, ar.result());
        return Future.succeededFuture();
    }

    private void admit(Exchange ex, Map<String, Object> claims) {
        ex.attributes().put(AuthAttributes.CLAIMS, claims);
        for (JwtAuth.ClaimToHeader c : jwtConfig.claimsToHeaders()) {
            String value = AuthAttributes.text(claims.get(c.claim()));
            if (value != null && printable(value)) {
                ex.setUpstreamHeader(c.header(), value);
            }
        }
    }

    /**
     * The presented API key, removed from what goes upstream: null when none was sent, "" when it
     * cannot be one key (sent twice, empty).
     */
    private String takeApiKey(Exchange ex) {
        ApiKeyAuth cfg = apiKeys.config();
        RequestHead req = ex.head();
        List<String> values;
        if (cfg.in() == ApiKeyAuth.In.Query) {
            String query = ex.upstreamQuery(req.query());
            values = QueryParams.values(query, cfg.name());
            if (!values.isEmpty()) {
                ex.replaceUpstreamQuery(QueryParams.without(query, cfg.name()));
            }
        } else {
            values = req.headers(cfg.name());
            ex.removeUpstreamHeader(cfg.name());
        }
        if (values.isEmpty()) {
            return null;
        }
        return values.size() == 1 && values.get(0) != null ? values.get(0) : "";
    }

    /** The bearer token: null when no Bearer credentials were sent, "" when Authorization is ambiguous. */
    private String takeBearer(Exchange ex) {
        List<String> values = ex.head().headers("authorization");
        if (!jwtConfig.forwardToken()) {
            ex.removeUpstreamHeader("authorization");
        }
        if (values.isEmpty()) {
            return null;
        }
        String v = values.get(0).trim();
        boolean bearer = v.regionMatches(true, 0, BEARER, 0, BEARER.length());
        if (values.size() > 1) {
            return "";
        }
        return bearer ? v.substring(BEARER.length()).trim() : null;
    }

    /** @param tokenProblem why the bearer token was refused, or null when none was presented */
    private GatewayException refuse(Exchange ex, boolean keyPresented, String tokenProblem) {
        StringBuilder challenge = new StringBuilder();
        if (jwt != null) {
            challenge.append("Bearer");
            if (tokenProblem != null) { // RFC 6750 section 3
                challenge.append(" error=\"invalid_token\", error_description=\"").append(description(tokenProblem))
                        .append('"');
            }
        }
        if (apiKeys != null) {
            challenge.append(challenge.length() > 0 ? ", " : "").append(apiKeys.challenge());
        }
        String keyProblem = keyPresented ? "the API key is not valid" : null;
        String message = tokenProblem == null ? (keyProblem == null ? "credentials are required" : keyProblem)
                : keyProblem == null ? tokenProblem : keyProblem + ", and " + tokenProblem;
        LOG.log(System.Logger.Level.DEBUG, "request {0} on route {1} refused: {2}", ex.requestId(), routeId, message);
        return new GatewayException(401, "unauthorized", message, Map.of("www-authenticate", challenge.toString()));
    }

    /**
     * A message as an {@code error_description} may carry it (RFC 6750 section 3: visible ASCII and space, no
     * double quote or backslash): quotes become single ones, anything else outside that set a question mark.
     */
    private static String description(String message) {
        StringBuilder out = new StringBuilder(message.length());
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            out.append(c == '"' ? '\'' : c < 0x20 || c > 0x7e || c == '\\' ? '?' : c);
        }
        return out.toString();
    }

    /** Claim text that is safe as a header value (no control characters). */
    private static boolean printable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return false;
            }
        }
        return true;
    }
}
