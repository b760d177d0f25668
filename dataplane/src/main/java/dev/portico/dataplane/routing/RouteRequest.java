package dev.portico.dataplane.routing;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What the router looks at: a normalised path, the host without port, the method, and lazy access
 * to headers and query parameters (the query is parsed only when a candidate asks for it). The
 * forward path keeps one per connection and {@link #set}s it for each lookup; the router keeps no
 * reference to it.
 */
public final class RouteRequest {
    private String host;
    private String path;
    private String method;
    private Function<String, String> headers;
    private String rawQuery;
    private Map<String, String> query;

    /** A request to {@link #set} before use. */
    public RouteRequest() {
    }

    /** As {@link #set}. */
    public RouteRequest(String host, String path, String method, Function<String, String> headers, String rawQuery) {
        set(host, path, method, headers, rawQuery);
    }

    /**
     * @param host     Host or :authority; case and any {@code :port} are ignored
     * @param path     the normalised path, without query
     * @param headers  first value of a header by case-insensitive name, or null
     * @param rawQuery the query string without {@code ?}, or null
     * @return this, for the next lookup
     */
    public RouteRequest set(String host, String path, String method, Function<String, String> headers,
            String rawQuery) {
        return assign(HostNames.canonical(host), path, method, headers, rawQuery);
    }

    /** This request with another method: a CORS preflight is routed as the request it announces. */
    public RouteRequest withMethod(String other) {
        return new RouteRequest().assign(host, path, other, headers, rawQuery);
    }

    private RouteRequest assign(String canonicalHost, String path, String method, Function<String, String> headers,
            String rawQuery) {
        this.host = canonicalHost;
        this.path = path;
        this.method = method;
        this.headers = headers;
        this.rawQuery = rawQuery;
        this.query = null;
        return this;
    }

    public String host() {
        return host;
    }

    public String path() {
        return path;
    }

    public String method() {
        return method;
    }

    public String header(String name) {
        return headers.apply(name);
    }

    /** First value of a query parameter, percent-decoded; "" for a bare {@code ?flag}; null when absent. */
    public String queryParam(String name) {
        if (query == null) {
            query = parse(rawQuery);
        }
        return query.get(name);
    }

    private static Map<String, String> parse(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.putIfAbsent(name, value);
        }
        return params;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s; // a malformed escape is matched literally rather than failing the request
        }
    }
}
