package dev.portico.dataplane.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** What {@link Http1RequestGuard} learns from one request's header lines. Problems start with the status. */
final class HeaderBlock {
    final boolean http11;
    int count;
    int bytes;
    int hosts;
    String host;
    final List<String> contentLengths = new ArrayList<>(1);
    String transferEncoding;
    boolean upgrade;
    long contentLength;

    HeaderBlock(boolean http11) {
        this.http11 = http11;
    }

    String addLine(byte[] line, int len, boolean truncated) {
        if (line[0] == ' ' || line[0] == '\t') {
            return "400 obs-fold (continuation) line in the request headers";
        }
        int colon = -1;
        for (int i = 0; i < len; i++) {
            if (line[i] == ':') {
                colon = i;
                break;
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
        for (int i = colon + 1; i < len; i++) {
            int b = line[i] & 0xff;
            if ((b < 0x20 && b != '\t') || b == 0x7f) { // else Netty refuses it with a bare 400, not our JSON
                return "400 control character in a request header value";
            }
        }
        count++;
        String name = new String(line, 0, colon, StandardCharsets.ISO_8859_1);
        boolean framing = name.equalsIgnoreCase("host") || name.equalsIgnoreCase("content-length")
                || name.equalsIgnoreCase("transfer-encoding");
        if (!framing && !name.equalsIgnoreCase("upgrade")) {
            return null;
        }
        if (truncated) {
            return "431 header " + name + " is too long";
        }
        String value = new String(line, colon + 1, len - colon - 1, StandardCharsets.ISO_8859_1).trim();
        if (name.equalsIgnoreCase("host")) {
            hosts++;
            host = value;
        } else if (name.equalsIgnoreCase("content-length")) {
            for (String v : value.split(",", -1)) {
                contentLengths.add(v.trim());
            }
        } else if (name.equalsIgnoreCase("transfer-encoding")) {
            transferEncoding = transferEncoding == null ? value : transferEncoding + ", " + value;
        } else {
            // only upgrades that can switch protocols make the guard step aside; others are plain headers
            String v = value.toLowerCase(java.util.Locale.ROOT);
            upgrade |= v.contains("websocket") || v.contains("h2c");
        }
        return null;
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
        for (String cl : contentLengths) {
            if (cl.isEmpty() || cl.length() > 18 || !cl.chars().allMatch(c -> c >= '0' && c <= '9')) {
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
