package dev.portico.dataplane.http;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds the header set that goes upstream: hop-by-hop headers and every header named in
 * {@code Connection} removed (before the gateway adds its own X-Forwarded-*), client-sent
 * {@code Portico-*} identity headers removed, Host dropped (the proxy sets it).
 */
public final class HopByHop {
    private static final Set<String> ALWAYS = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "te", "trailer", "upgrade", "proxy-authorization", "proxy-authenticate", "host",
            "http2-settings", "expect");

    private HopByHop() {
    }

    /** @param alsoRemove lower-case names to drop as well (e.g. a route's claimsToHeaders targets) */
    public static MultiMap upstreamHeaders(MultiMap client, Set<String> alsoRemove) {
        Set<String> listed = connectionListed(client.get("connection"));
        MultiMap out = HttpHeaders.headers();
        for (Map.Entry<String, String> e : client) {
            String name = e.getKey();
            String lower = name.toLowerCase(Locale.ROOT);
            if (ALWAYS.contains(lower) || lower.startsWith("portico-") || lower.startsWith(":")
                    || (listed != null && listed.contains(lower)) || alsoRemove.contains(lower)) {
                continue;
            }
            out.add(name, e.getValue());
        }
        return out;
    }

    /** Response headers from the upstream, minus hop-by-hop and Connection-listed ones. */
    public static void copyResponseHeaders(MultiMap upstream, MultiMap client) {
        Set<String> listed = connectionListed(upstream.get("connection"));
        for (Map.Entry<String, String> e : upstream) {
            String lower = e.getKey().toLowerCase(Locale.ROOT);
            if (ALWAYS.contains(lower) || (listed != null && listed.contains(lower))) {
                continue;
            }
            client.add(e.getKey(), e.getValue());
        }
    }

    private static Set<String> connectionListed(String connection) {
        if (connection == null || connection.isEmpty()) {
            return null;
        }
        Set<String> names = new HashSet<>();
        for (String token : connection.split(",")) {
            String t = token.trim().toLowerCase(Locale.ROOT);
            if (!t.isEmpty()) {
                names.add(t);
            }
        }
        return names;
    }
}
