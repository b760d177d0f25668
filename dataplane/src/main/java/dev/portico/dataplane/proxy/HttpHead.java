package dev.portico.dataplane.proxy;

import dev.portico.dataplane.http.HopByHop;
import dev.portico.dataplane.http.Latin1;
import dev.portico.dataplane.http.Ows;
import io.netty.buffer.ByteBuf;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One HTTP/1 message head read off the wire (a request's or a response's), parsed in place: its
 * bytes are copied once into a scratch array that this object reuses for the next head, header
 * lines are kept as offsets, and only the start line and the few headers that framing and
 * forwarding need become values. Valid until the next {@link #read}; one per connection.
 */
final class HttpHead {
    /** Larger heads are refused: the guard's limit for requests, the Vert.x client's for responses. */
    static final int MAX_BYTES = 68 * 1024;
    static final int INCOMPLETE = -1;
    static final int MALFORMED = -2;

    byte[] bytes = new byte[1024];
    private int[] lines = new int[4 * 16]; // per header line: name start, name end, value start, value end
    int count;
    String method; // requests only
    String target;
    int status; // responses only
    int reasonStart; // the reason phrase, to end of the status line
    int reasonEnd;
    boolean http11;
    long contentLength;
    boolean chunked;
    boolean otherCoding; // a Transfer-Encoding other than chunked
    boolean close; // Connection: close
    boolean upgrade; // an Upgrade header, or Connection: upgrade
    boolean listsHeaders; // Connection names headers besides close/keep-alive/upgrade
    boolean expect;
    boolean forwarded; // the client sent X-Forwarded-For or -Proto
    int hosts;

    /**
     * Reads the head at {@code [from, to)} of {@code buf} (empty lines before it skipped) without
     * moving the buffer's indexes.
     *
     * @return the head's length in bytes (through its empty line), {@link #INCOMPLETE} or {@link #MALFORMED}
     */
    int read(ByteBuf buf, int from, int to, boolean request) {
        int available = Math.min(to - from, MAX_BYTES);
        int copied = 0;
        int end = -1;
        while (end < 0) {
            int want = Math.min(available, Math.max(bytes.length, copied * 2));
            if (want == copied) {
                return to - from > MAX_BYTES ? MALFORMED : INCOMPLETE;
            }
            if (want > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, want);
            }
            buf.getBytes(from + copied, bytes, copied, want - copied);
            end = end(bytes, copied, want);
            copied = want;
        }
        return parse(end, request) ? end : MALFORMED;
    }

    /** Where the head ends (after its empty line), searching for line ends from {@code from}; -1 if not yet. */
    private static int end(byte[] a, int from, int to) {
        for (int i = Math.max(from - 3, 0); i < to; i++) {
            if (a[i] == '\n') {
                // an empty line: "\n\n" or "\n\r\n", unless it is leading (before any start line)
                boolean empty = (i >= 1 && a[i - 1] == '\n') || (i >= 2 && a[i - 1] == '\r' && a[i - 2] == '\n');
                if (empty && hasContent(a, i)) {
                    return i + 1;
                }
            }
        }
        return -1;
    }

    private static boolean hasContent(byte[] a, int upTo) {
        for (int i = 0; i < upTo; i++) {
            if (a[i] != '\r' && a[i] != '\n') {
                return true;
            }
        }
        return false;
    }

    private boolean parse(int end, boolean request) {
        count = 0;
        contentLength = -1;
        chunked = otherCoding = close = upgrade = listsHeaders = expect = forwarded = false;
        hosts = 0;
        boolean first = true;
        int i = 0;
        while (i < end) {
            int nl = i;
            while (bytes[nl] != '\n') {
                nl++;
            }
            int stop = nl > i && bytes[nl - 1] == '\r' ? nl - 1 : nl;
            if (stop > i) {
                if (first ? !(request ? requestLine(i, stop) : statusLine(i, stop)) : !header(i, stop)) {
                    return false;
                }
                first = false;
            }
            i = nl + 1;
        }
        return !first;
    }

    private boolean requestLine(int from, int to) {
        int sp1 = indexOf(' ', from, to);
        int sp2 = lastIndexOf(' ', from, to);
        if (sp1 <= from || sp2 <= sp1 + 1 || to - sp2 != 9 || !HopByHop.asciiEqualsIgnoreCase(bytes, sp2 + 1, "http/1.")) {
            return false;
        }
        method = methodName(from, sp1);
        target = new String(bytes, sp1 + 1, sp2 - sp1 - 1, StandardCharsets.ISO_8859_1);
        http11 = bytes[to - 1] == '1';
        return http11 || bytes[to - 1] == '0';
    }

    private String methodName(int from, int to) {
        int len = to - from;
        if (len == 3 && bytes[from] == 'G' && bytes[from + 1] == 'E' && bytes[from + 2] == 'T') {
            return "GET"; // most requests: no new string
        }
        return new String(bytes, from, len, StandardCharsets.ISO_8859_1);
    }

    private boolean statusLine(int from, int to) {
        if (to - from < 12 || !HopByHop.asciiEqualsIgnoreCase(bytes, from, "http/1.") || bytes[from + 8] != ' ') {
            return false;
        }
        http11 = bytes[from + 7] == '1';
        status = 0;
        for (int i = from + 9; i < from + 12; i++) {
            int d = bytes[i] - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            status = status * 10 + d;
        }
        if (to - from > 12 && bytes[from + 12] != ' ') {
            return false;
        }
        reasonStart = Math.min(from + 13, to);
        reasonEnd = to;
        return status >= 100;
    }

    private boolean header(int from, int to) {
        int colon = indexOf(':', from, to);
        if (colon <= from || bytes[from] == ' ' || bytes[from] == '\t') {
            return false; // no name, or an obs-fold continuation line
        }
        int vs = Ows.skipLeading(bytes, colon + 1, to);
        int ve = Ows.skipTrailing(bytes, vs, to);
        if (4 * count + 4 > lines.length) {
            lines = java.util.Arrays.copyOf(lines, lines.length * 2);
        }
        int k = 4 * count++;
        lines[k] = from;
        lines[k + 1] = colon;
        lines[k + 2] = vs;
        lines[k + 3] = ve;
        return note(from, colon - from, vs, ve);
    }

    /** Framing and connection facts, from the few names that carry them (length and first letter first). */
    private boolean note(int n, int len, int vs, int ve) {
        switch (len) {
            case 4 -> hosts += is(n, len, "host") ? 1 : 0;
            case 6 -> expect |= is(n, len, "expect");
            case 7 -> upgrade |= is(n, len, "upgrade");
            case 10 -> {
                if (is(n, len, "connection")) {
                    connectionTokens(vs, ve);
                }
            }
            case 14 -> {
                if (is(n, len, "content-length")) {
                    long cl = digits(vs, ve);
                    if (cl < 0 || (contentLength >= 0 && contentLength != cl)) {
                        return false;
                    }
                    contentLength = cl;
                }
            }
            case 15 -> forwarded |= is(n, len, "x-forwarded-for");
            case 17 -> {
                if (is(n, len, "transfer-encoding")) {
                    if (ve - vs == 7 && HopByHop.asciiEqualsIgnoreCase(bytes, vs, "chunked")) {
                        chunked = true;
                    } else {
                        otherCoding = true;
                    }
                } else {
                    forwarded |= is(n, len, "x-forwarded-proto");
                }
            }
            default -> {
            }
        }
        return true;
    }

    private void connectionTokens(int vs, int ve) {
        int i = vs;
        while (i < ve) {
            int comma = indexOf(',', i, ve);
            int e = comma < 0 ? ve : comma;
            int s = i;
            while (s < e && bytes[s] == ' ') {
                s++;
            }
            int t = e;
            while (t > s && bytes[t - 1] == ' ') {
                t--;
            }
            if (t - s == 5 && HopByHop.asciiEqualsIgnoreCase(bytes, s, "close")) {
                close = true;
            } else if (t - s == 7 && HopByHop.asciiEqualsIgnoreCase(bytes, s, "upgrade")) {
                upgrade = true;
            } else if (t > s && !(t - s == 10 && HopByHop.asciiEqualsIgnoreCase(bytes, s, "keep-alive"))) {
                listsHeaders = true;
            }
            i = e + 1;
        }
    }

    private long digits(int from, int to) {
        if (from == to || to - from > 18) {
            return -1;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = bytes[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    // ---- header lines ----

    int nameStart(int i) {
        return lines[4 * i];
    }

    int nameLength(int i) {
        return lines[4 * i + 1] - lines[4 * i];
    }

    /** Is header line {@code i} named {@code lower} (ASCII lower case), ignoring case? */
    boolean named(int i, String lower) {
        return nameLength(i) == lower.length() && HopByHop.asciiEqualsIgnoreCase(bytes, nameStart(i), lower);
    }

    String name(int i) {
        return new String(bytes, nameStart(i), nameLength(i), StandardCharsets.ISO_8859_1);
    }

    String value(int i) {
        return new String(bytes, lines[4 * i + 2], lines[4 * i + 3] - lines[4 * i + 2], StandardCharsets.ISO_8859_1);
    }

    /** Writes header line {@code i} as {@code name: value} and its line end. */
    void writeLine(int i, HeadWriter out) {
        int k = 4 * i;
        out.bytes(bytes, lines[k], lines[k + 1] - lines[k]).ch(':').ch(' ')
                .bytes(bytes, lines[k + 2], lines[k + 3] - lines[k + 2]).crlf();
    }

    void writeReason(HeadWriter out) {
        out.bytes(bytes, reasonStart, reasonEnd - reasonStart);
    }

    /** {@link #get} as a function, made once: the router and the balancer take header lookups as functions. */
    final Function<String, String> lookup = this::get;

    /** First value of a header by case-insensitive name, or null. */
    String get(String name) {
        return get(name, null);
    }

    /**
     * As {@link #get}, but {@code same} itself, no new string, when the value's bytes spell it: a connection's
     * requests mostly repeat their Host.
     */
    String get(String name, String same) {
        for (int i = 0; i < count; i++) {
            if (nameIs(i, name)) {
                int from = lines[4 * i + 2];
                int to = lines[4 * i + 3];
                return Latin1.spells(bytes, from, to, same) ? same : value(i);
            }
        }
        return null;
    }

    /** Every value of a header, by case-insensitive name, in the order sent. */
    List<String> getAll(String name) {
        List<String> out = new ArrayList<>(1);
        for (int i = 0; i < count; i++) {
            if (nameIs(i, name)) {
                out.add(value(i));
            }
        }
        return out;
    }

    private boolean nameIs(int i, String name) {
        return nameLength(i) == name.length() && regionMatches(nameStart(i), name);
    }

    /** The headers as a Vert.x map, for code shared with the Vert.x path. */
    MultiMap toMultiMap() {
        MultiMap m = HttpHeaders.headers();
        for (int i = 0; i < count; i++) {
            m.add(name(i), value(i));
        }
        return m;
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

    private boolean is(int n, int len, String lower) {
        return (bytes[n] | 0x20) == lower.charAt(0) && HopByHop.asciiEqualsIgnoreCase(bytes, n, lower);
    }

    private boolean regionMatches(int off, String name) {
        for (int i = 0; i < name.length(); i++) {
            if (lower(bytes[off + i]) != lower(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c | 0x20 : c;
    }

    private int indexOf(char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private int lastIndexOf(char c, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (bytes[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
