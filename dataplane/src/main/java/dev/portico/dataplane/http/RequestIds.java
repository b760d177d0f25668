package dev.portico.dataplane.http;

import io.netty.util.concurrent.FastThreadLocal;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/** X-Request-Id: a fresh random id, or the client's when it comes through trusted proxies and looks sane. */
public final class RequestIds {
    public static final String HEADER = "X-Request-Id";
    /** {@link #HEADER} with its case-insensitive hash computed once, for header maps on the request path. */
    public static final CharSequence HEADER_NAME = io.vertx.core.http.HttpHeaders.createOptimized(HEADER);
    /** A generated id's length: 32 hex digits (128 random bits). */
    public static final int LENGTH = 32;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);
    /** The digits before they become the id's string (which copies them): one array per thread, not per request. */
    private static final FastThreadLocal<byte[]> DIGITS = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[LENGTH];
        }
    };

    private RequestIds() {
    }

    public static String fresh() {
        byte[] out = DIGITS.get();
        fresh(out);
        return new String(out, 0, LENGTH, StandardCharsets.ISO_8859_1);
    }

    /** A fresh id's characters into {@code out[0, LENGTH)}: for a caller that may never need it as a string. */
    public static void fresh(byte[] out) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long hi = r.nextLong();
        long lo = r.nextLong();
        for (int i = 0; i < 16; i++) {
            out[i] = HEX[(int) (hi >>> (60 - 4 * i)) & 0xf];
            out[16 + i] = HEX[(int) (lo >>> (60 - 4 * i)) & 0xf];
        }
    }

    public static String of(String clientValue, int trustedHops) {
        String trusted = trustedHops > 0 ? trusted(clientValue) : null;
        return trusted != null ? trusted : fresh();
    }

    /** The client's id when it looks sane (the caller trusts the proxies in front), else null. */
    public static String trusted(String clientValue) {
        return clientValue != null && isSane(clientValue) ? clientValue : null;
    }

    private static boolean isSane(String v) {
        if (v.isEmpty() || v.length() > 128) {
            return false;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' || c == ':')) {
                return false;
            }
        }
        return true;
    }
}
