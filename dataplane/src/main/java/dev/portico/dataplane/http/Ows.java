package dev.portico.dataplane.http;

/** Optional whitespace around a header field value (RFC 9110 §5.6.3: spaces and tabs), found on the raw bytes. */
public final class Ows {
    private Ows() {
    }

    /** The first index in {@code [from, to)} that is not a space or tab, or {@code to}. */
    public static int skipLeading(byte[] b, int from, int to) {
        while (from < to && (b[from] == ' ' || b[from] == '\t')) {
            from++;
        }
        return from;
    }

    /** One past the last index in {@code [from, to)} that is not a space or tab, or {@code from}. */
    public static int skipTrailing(byte[] b, int from, int to) {
        while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t')) {
            to--;
        }
        return to;
    }
}
