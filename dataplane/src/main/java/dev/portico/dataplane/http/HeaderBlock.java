package dev.portico.dataplane.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link Http1RequestGuard} learns from one request's header lines. Problems start with the status.
 * One per connection, {@link #reset} for each request: the guard runs on every request, so it builds
 * strings only for the few headers it checks.
 */
final class HeaderBlock {
    boolean http11;
    int count;
    int bytes;
    int hosts;
    String host;
    private String previousHost; // a keep-alive connection names the same Host again and again: one string for all
    final List<String> contentLengths = new ArrayList<>(1);
    String transferEncoding;
    boolean upgrade;
    long contentLength;

    /** Starts the next request's header block. */
    HeaderBlock reset(boolean http11) {
        this.http11 = http11;
        count = 0;
        bytes = 0;
        hosts = 0;
        if (host != null) {
            previousHost = host;
        }
        host = null;
        contentLengths.clear();
        transferEncoding = null;
        upgrade = false;
        contentLength = 0;
        return this;
    }

    String addLine(byte[] line, int len, boolean truncated) {
        if (line[0] == ' ' || line[0] == '\t') {
            return "400 obs-fold (continuation) line in the request headers";
        }
        int colon = -1;
        int bad = -1; // the name's first byte that is not a tchar, found in the same scan
        for (int i = 0; i < len; i++) {
            if (line[i] == ':') {
                colon = i;
                break;
            }
            if (bad < 0 && !TokenChars.isTchar(line[i])) {
                bad = i;
            }
        }
        if (colon < 0) {
            return "400 header line without a colon";
        }
        if (colon == 0) {
            return "400 empty header name";
        }
        if (line[colon - 1] == ' ' || line[colon - 1] == '\t') {
            return "400 whitespace between a header name and its colon";
        }
        if (bad >= 0) { // else Netty refuses it with a bare 400, not our JSON
            return String.format("400 request header name with a character not allowed in a token (0x%02X)",
                    line[bad] & 0xff);
        }
        for (int i = colon + 1; i < len; i++) {
            int b = line[i] & 0xff;
            if ((b < 0x20 && b != '\t') || b == 0x7f) { // else Netty refuses it with a bare 400, not our JSON
                return "400 control character in a request header value";
            }
        }
        count++;
        boolean isHost = named(line, colon, "host");
        boolean isLength = !isHost && named(line, colon, "content-length");
        boolean isCoding = !isHost && !isLength && named(line, colon, "transfer-encoding");
        if (!isHost && !isLength && !isCoding && !named(line, colon, "upgrade")) {
            return null;
        }
        if (truncated) {
            return "431 header " + new String(line, 0, colon, StandardCharsets.ISO_8859_1) + " is too long";
        }
        int from = Ows.skipLeading(line, colon + 1, len);
        int to = Ows.skipTrailing(line, from, len);
        if (isHost) {
            hosts++;
            host = Latin1.spells(line, from, to, previousHost) ? previousHost
                    : new String(line, from, to - from, StandardCharsets.ISO_8859_1);
            return null;
        }
        String value = new String(line, from, to - from, StandardCharsets.ISO_8859_1);
        if (isLength) {
            for (String v : value.split(",", -1)) {
                contentLengths.add(v.trim());
            }
        } else if (isCoding) {
            transferEncoding = transferEncoding == null ? value : transferEncoding + ", " + value;
        } else {
            // only upgrades that can switch protocols make the guard step aside; others are plain headers
            String v = value.toLowerCase(java.util.Locale.ROOT);
            upgrade |= v.contains("websocket") || v.contains("h2c");
        }
        return null;
    }

    /** Whether the header name {@code line[0, nameLength)} is {@code lowerName}, ignoring ASCII case. */
    private static boolean named(byte[] line, int nameLength, String lowerName) {
        return nameLength == lowerName.length() && HopByHop.asciiEqualsIgnoreCase(line, 0, lowerName);
    }

    /** Host and message-framing problems, checked once the header block is complete. */
    String framingProblem() {
        if (hosts > 1) {
            return "duplicate Host header";
        }
        if (hosts == 0 && http11) {
            return "missing Host header";
        }
        if (hosts == 1 && !isValidHost(host)) {
            return "malformed Host header";
        }
        if (transferEncoding != null && !contentLengths.isEmpty()) {
            return "Content-Length and Transfer-Encoding together";
        }
        if (transferEncoding != null && !transferEncoding.equalsIgnoreCase("chunked")) {
            return "unsupported Transfer-Encoding \"" + transferEncoding + "\" (only chunked is accepted)";
        }
        String first = null;
        for (int i = 0; i < contentLengths.size(); i++) {
            String cl = contentLengths.get(i);
            if (cl.isEmpty() || cl.length() > 18 || !digits(cl)) {
                return "malformed Content-Length \"" + cl + "\"";
            }
            if (first != null && !first.equals(cl)) {
                return "conflicting Content-Length headers";
            }
            first = cl;
        }
        contentLength = first == null ? 0 : Long.parseLong(first);
        return null;
    }

    private static boolean digits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    static boolean isValidHost(String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        int i = 0;
        int n = host.length();
        if (host.charAt(0) == '[') {
            int close = host.indexOf(']');
            if (close < 0) {
                return false;
            }
            for (int k = 1; k < close; k++) {
                char c = host.charAt(k);
                if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                    return false;
                }
            }
            i = close + 1;
        } else {
            for (; i < n && host.charAt(i) != ':'; i++) {
                char c = host.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '-' || c == '.' || c == '_' || c == '~';
                if (!ok) {
                    return false;
                }
            }
            if (i == 0) {
                return false;
            }
        }
        if (i == n) {
            return true;
        }
        if (host.charAt(i) != ':' || i + 1 == n || n - i - 1 > 5) {
            return false;
        }
        for (int k = i + 1; k < n; k++) {
            if (host.charAt(k) < '0' || host.charAt(k) > '9') {
                return false;
            }
        }
        return true;
    }
}
