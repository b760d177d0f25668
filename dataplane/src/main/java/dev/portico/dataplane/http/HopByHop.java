package dev.portico.dataplane.http;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds the header set that goes upstream: hop-by-hop headers and every header named in
 * {@code Connection} removed (before the gateway adds its own X-Forwarded-*), client-sent
 * {@code Portico-*} identity headers removed, Host dropped (the proxy sets it).
 */
public final class HopByHop {
    /** Checked per header of every request: length and first letter first, so most names cost no string compare. */
    private static final String[] ALWAYS = {"connection", "keep-alive", "proxy-connection", "transfer-encoding",
        "te", "trailer", "upgrade", "proxy-authorization", "proxy-authenticate", "host", "http2-settings", "expect"};

    private HopByHop() {
    }

    /** @param alsoRemove lower-case names to drop as well (e.g. a route's claimsToHeaders targets) */
    public static MultiMap upstreamHeaders(MultiMap client, Set<String> alsoRemove) {
        Set<String> listed = connectionListed(client.get(HttpHeaders.CONNECTION));
        MultiMap out = HttpHeaders.headers();
        for (Map.Entry<String, String> e : client) {
            String name = e.getKey();
            if (alwaysHopByHop(name) || isPorticoHeader(name) || name.startsWith(":")
                    || (listed != null && listed.contains(name))
                    || (!alsoRemove.isEmpty() && alsoRemove.contains(name.toLowerCase(Locale.ROOT)))) {
                continue;
            }
            out.add(name, e.getValue());
        }
        return out;
    }

    /** Response headers from the upstream, minus hop-by-hop and Connection-listed ones. */
    public static void copyResponseHeaders(MultiMap upstream, MultiMap client) {
        Set<String> listed = connectionListed(upstream.get(HttpHeaders.CONNECTION));
        for (Map.Entry<String, String> e : upstream) {
            if (alwaysHopByHop(e.getKey()) || (listed != null && listed.contains(e.getKey()))) {
                continue;
            }
            client.add(e.getKey(), e.getValue());
        }
    }

    static boolean alwaysHopByHop(String name) {
        if (name.isEmpty()) {
            return false;
        }
        char first = (char) (name.charAt(0) | 0x20); // ASCII lower case: most names fail here, before any compare
        for (String hop : ALWAYS) {
            if (hop.length() == name.length() && hop.charAt(0) == first && hop.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isPorticoHeader(String name) {
        return name.length() >= 8 && (name.charAt(0) | 0x20) == 'p' && name.regionMatches(true, 0, "portico-", 0, 8);
    }

    /**
     * For a header name read off the wire as ASCII bytes: would {@link #upstreamHeaders} drop it
     * whatever the Connection header lists (hop-by-hop, {@code Portico-*}, pseudo-header)?
     */
    public static boolean dropsUpstream(byte[] a, int off, int len) {
        return alwaysHopByHop(a, off, len) || a[off] == ':' || (len >= 8 && asciiEqualsIgnoreCase(a, off, "portico-"));
    }

    /** {@link #alwaysHopByHop(String)} for a name read off the wire as ASCII bytes. */
    public static boolean alwaysHopByHop(byte[] a, int off, int len) {
        if (len == 0) {
            return false;
        }
        char first = (char) (a[off] | 0x20);
        for (String hop : ALWAYS) {
            if (hop.length() == len && hop.charAt(0) == first && asciiEqualsIgnoreCase(a, off, hop)) {
                return true;
            }
        }
        return false;
    }

    /** Do the bytes at {@code off} start with {@code lower} (ASCII lower case), ignoring case? */
    public static boolean asciiEqualsIgnoreCase(byte[] a, int off, String lower) {
        if (off + lower.length() > a.length) {
            return false;
        }
        for (int i = 0; i < lower.length(); i++) {
            int b = a[off + i];
            if (b >= 'A' && b <= 'Z') {
                b |= 0x20;
            }
            if (b != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Does a Connection header value carry the {@code close} option, alone or in a list ({@code "x-foo, close"})? */
    public static boolean hasCloseOption(String connection) {
        if (connection == null) {
            return false;
        }
        int n = connection.length();
        for (int start = 0; start < n; ) { // token by token, without splitting: it runs for every HTTP/1 request
            int end = connection.indexOf(',', start);
            end = end < 0 ? n : end;
            int s = start;
            int e = end;
            while (s < e && connection.charAt(s) <= ' ') {
                s++;
            }
            while (e > s && connection.charAt(e - 1) <= ' ') {
                e--;
            }
            if (e - s == 5 && connection.regionMatches(true, s, "close", 0, 5)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    private static Set<String> connectionListed(String connection) {
        if (connection == null || connection.isEmpty() || connection.equalsIgnoreCase("keep-alive")
                || connection.equalsIgnoreCase("close")) {
            return null; // the usual values name no header besides the always-removed ones
        }
        Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (String token : connection.split(",")) {
            String t = token.trim();
            if (!t.isEmpty()) {
                names.add(t);
            }
        }
        return names;
    }
}
