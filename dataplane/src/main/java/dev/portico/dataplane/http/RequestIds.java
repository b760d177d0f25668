package dev.portico.dataplane.http;

import io.netty.util.concurrent.FastThreadLocal;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/** X-Request-Id: a fresh random id, or the client's when it comes through trusted proxies and looks sane. */
public final class RequestIds {
    public static final String HEADER = "X-Request-Id";
    /** {@link #HEADER} with its case-insensitive hash computed once, for header maps on the request path. */
    public static final CharSequence HEADER_NAME = io.vertx.core.http.HttpHeaders.createOptimized(HEADER);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);
    /** The digits before they become the id's string (which copies them): one array per thread, not per request. */
    private static final FastThreadLocal<byte[]> DIGITS = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[32];
        }
    };

    private RequestIds() {
    }

    public static String fresh() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long hi = r.nextLong();
        long lo = r.nextLong();
        byte[] out = DIGITS.get();
        for (int i = 0; i < 16; i++) {
            out[i] = HEX[(int) (hi >>> (60 - 4 * i)) & 0xf];
            out[16 + i] = HEX[(int) (lo >>> (60 - 4 * i)) & 0xf];
        }
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    public static String of(String clientValue, int trustedHops) {
        if (trustedHops > 0 && clientValue != null && isSane(clientValue)) {
            return clientValue;
        }
        return fresh();
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
