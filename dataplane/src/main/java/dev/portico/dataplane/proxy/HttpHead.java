package dev.portico.dataplane.proxy;

import io.netty.buffer.ByteBuf;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1 message head read off the wire (a request's or a response's): the start line's parts,
 * the headers in arrival order, and what framing and connection handling need from them.
 */
final class HttpHead {
    String method; // requests only
    String target;
    int status; // responses only
    String reason;
    boolean http11;
    final MultiMap headers = HttpHeaders.headers();
    long contentLength = -1;
    boolean chunked;
    boolean otherCoding; // a Transfer-Encoding other than chunked
    boolean close; // Connection: close
    boolean upgrade; // an Upgrade header, or Connection: upgrade
    boolean expect;
    int hosts;

    /** End (exclusive) of the head that starts at {@code from}, empty lines before it included; -1 while incomplete. */
    static int end(ByteBuf buf, int from, int to) {
        boolean sawLine = false;
        int i = from;
        while (i < to) {
            int nl = buf.indexOf(i, to, (byte) '\n');
            if (nl < 0) {
                return -1;
            }
            int len = nl - i;
            boolean empty = len == 0 || (len == 1 && buf.getByte(i) == '\r');
            if (empty && sawLine) {
                return nl + 1;
            }
            sawLine |= !empty;
            i = nl + 1;
        }
        return -1;
    }

    /** Parses {@code [from, end)} as found by {@link #end}; null when the head is malformed. */
    static HttpHead parse(ByteBuf buf, int from, int end, boolean request) {
        HttpHead head = new HttpHead();
        boolean first = true;
        int i = from;
        while (i < end) {
            int nl = buf.indexOf(i, end, (byte) '\n');
            int stop = nl > i && buf.getByte(nl - 1) == '\r' ? nl - 1 : nl;
            int len = stop - i;
            if (len > 0) {
                String line = buf.toString(i, len, StandardCharsets.ISO_8859_1);
                if (first ? !(request ? head.requestLine(line) : head.statusLine(line)) : !head.header(line)) {
                    return null;
                }
                first = false;
            }
            i = nl + 1;
        }
        return first ? null : head;
    }

    private boolean requestLine(String line) {
        int sp1 = line.indexOf(' ');
        int sp2 = line.lastIndexOf(' ');
        if (sp1 <= 0 || sp2 <= sp1 + 1) {
            return false;
        }
        method = line.substring(0, sp1);
        target = line.substring(sp1 + 1, sp2);
        String version = line.substring(sp2 + 1);
        http11 = version.equals("HTTP/1.1");
        return http11 || version.equals("HTTP/1.0");
    }

    private boolean statusLine(String line) {
        if (line.length() < 12 || !line.startsWith("HTTP/1.") || line.charAt(8) != ' ') {
            return false;
        }
        http11 = line.charAt(7) == '1';
        try {
            status = Integer.parseInt(line, 9, 12, 10);
        } catch (NumberFormatException e) {
            return false;
        }
        reason = line.length() > 13 ? line.substring(13) : "";
        return status >= 100 && status <= 999 && (line.length() == 12 || line.charAt(12) == ' ');
    }

    private boolean header(String line) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            return false;
        }
        String name = line.substring(0, colon);
        String value = line.substring(colon + 1).trim();
        headers.add(name, value);
        switch (name.length()) { // only the few names that framing and connection handling read
            case 4 -> hosts += name.equalsIgnoreCase("host") ? 1 : 0;
            case 6 -> expect |= name.equalsIgnoreCase("expect");
            case 7 -> upgrade |= name.equalsIgnoreCase("upgrade");
            case 10 -> {
                if (name.equalsIgnoreCase("connection")) {
                    String v = value.toLowerCase(java.util.Locale.ROOT);
                    close |= v.contains("close");
                    upgrade |= v.contains("upgrade");
                }
            }
            case 14 -> {
                if (name.equalsIgnoreCase("content-length")) {
                    try {
                        long cl = Long.parseLong(value);
                        if (cl < 0 || (contentLength >= 0 && contentLength != cl)) {
                            return false;
                        }
                        contentLength = cl;
                    } catch (NumberFormatException e) {
                        return false;
                    }
                }
            }
            case 17 -> {
                if (name.equalsIgnoreCase("transfer-encoding")) {
                    if (value.equalsIgnoreCase("chunked")) {
                        chunked = true;
                    } else {
                        otherCoding = true;
                    }
                }
            }
            default -> {
            }
        }
        return true;
    }

    /** How the body of this message is delimited (RFC 9112 section 6.3), given whether one may follow at all. */
    BodyFraming.Mode framing(boolean bodyAllowed) {
        if (!bodyAllowed) {
            return BodyFraming.Mode.NONE;
        }
        if (chunked && !otherCoding) {
            return BodyFraming.Mode.CHUNKED;
        }
        if (otherCoding) {
            return BodyFraming.Mode.UNTIL_CLOSE;
        }
        return contentLength >= 0 ? BodyFraming.Mode.LENGTH : BodyFraming.Mode.UNTIL_CLOSE;
    }
}
