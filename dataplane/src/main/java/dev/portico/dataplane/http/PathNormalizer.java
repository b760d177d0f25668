package dev.portico.dataplane.http;

import dev.portico.dataplane.filter.GatewayException;

/**
 * Turns a request target into the one path that routing, auth, rate limiting and the upstream all
 * see: unreserved percent-escapes decoded, slashes merged, RFC 3986 dot segments removed. Encoded
 * slash or backslash, raw backslash, raw {@code #} and control characters are refused (400), so
 * no later stage can read the path differently.
 */
public final class PathNormalizer {
    private PathNormalizer() {
    }

    /** The parts of a request target after normalisation; {@code authority} only for absolute-form. */
    public record Target(String authority, String path, String query) {
    }

    public static Target normalize(String target) {
        if (target == null || target.isEmpty()) {
            throw bad("empty request target");
        }
        String authority = null;
        String rest = target;
        if (!target.startsWith("/")) {
            int scheme = target.indexOf("://");
            if (scheme <= 0) {
                throw bad("request target must be a path or an absolute URI");
            }
            int pathStart = target.indexOf('/', scheme + 3);
            int queryStart = target.indexOf('?', scheme + 3);
            int end = pathStart < 0 ? (queryStart < 0 ? target.length() : queryStart)
                    : (queryStart < 0 ? pathStart : Math.min(pathStart, queryStart));
            authority = target.substring(scheme + 3, end);
            rest = end == target.length() ? "/" : target.charAt(end) == '?' ? "/" + target.substring(end)
                    : target.substring(end);
        }
        int q = rest.indexOf('?');
        String rawPath = q < 0 ? rest : rest.substring(0, q);
        String query = q < 0 ? null : rest.substring(q + 1);
        if (query != null) {
            checkQuery(query);
        }
        return new Target(authority, removeDotSegments(decodeUnreserved(rawPath)), query);
    }

    private static void checkQuery(String query) {
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c < 0x21 || c == 0x7f) {
                throw bad("control character or space in the query");
            }
            if (c == '#') {
                throw bad("raw '#' in the request target");
            }
        }
    }

    private static String decodeUnreserved(String raw) {
        StringBuilder out = null;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < 0x21 || c == 0x7f || c > 0x7e) {
                throw bad("control character, space or non-ASCII byte in the path");
            }
            if (c == '\\') {
                throw bad("backslash in the path");
            }
            if (c == '#') {
                throw bad("raw '#' in the request target");
            }
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw bad("truncated percent-escape in the path");
                }
                int v = hex(raw.charAt(i + 1)) << 4 | hex(raw.charAt(i + 2));
                if (v == '/' || v == '\\') {
                    throw bad("encoded slash or backslash in the path");
                }
                if (v < 0x20 || v == 0x7f) {
                    throw bad("encoded control character in the path");
                }
                if (out == null) {
                    out = new StringBuilder(raw.length()).append(raw, 0, i);
                }
                if (isUnreserved(v)) {
                    out.append((char) v);
                } else {
                    out.append('%').append(Character.toUpperCase(raw.charAt(i + 1)))
                            .append(Character.toUpperCase(raw.charAt(i + 2)));
                }
                i += 2;
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? raw : out.toString();
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    private static int hex(char c) {
        int v = Character.digit(c, 16);
        if (v < 0) {
            throw bad("malformed percent-escape in the path");
        }
        return v;
    }

    /** Merges slashes and resolves "." and ".." (never above the root); keeps a trailing slash. */
    static String removeDotSegments(String path) {
        if (path.indexOf('.') < 0 && path.indexOf("//") < 0) {
            return path;
        }
        String[] parts = path.split("/", -1);
        String[] stack = new String[parts.length];
        int n = 0;
        boolean trailingSlash = false;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            boolean last = i == parts.length - 1;
            if (p.isEmpty() || p.equals(".")) {
                trailingSlash = last && i > 0;
                continue;
            }
            if (p.equals("..")) {
                if (n > 0) {
                    n--;
                }
                trailingSlash = last;
                continue;
            }
            stack[n++] = p;
            trailingSlash = false;
        }
        StringBuilder sb = new StringBuilder(path.length());
        for (int i = 0; i < n; i++) {
            sb.append('/').append(stack[i]);
        }
        if (sb.length() == 0 || trailingSlash) {
            sb.append('/');
        }
        return sb.toString();
    }

    private static GatewayException bad(String message) {
        return new GatewayException(400, "bad_request", message);
    }
}
