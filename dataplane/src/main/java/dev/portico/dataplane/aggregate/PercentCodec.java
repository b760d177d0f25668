package dev.portico.dataplane.aggregate;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Byte-level percent-encoding for values substituted into backend URIs. Everything but RFC 3986
 * unreserved characters is escaped, so a value can never add a segment ({@code /}), start a query
 * or fragment ({@code ?}, {@code #}), smuggle an escape ({@code %}) or split a query ({@code &}, {@code =}).
 */
final class PercentCodec {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PercentCodec() {
    }

    /**
     * One path segment holding exactly {@code value}. A segment of only dots is escaped too
     * ({@code ..} becomes {@code %2E%2E}), so it is never read as a dot segment.
     */
    static String segment(byte[] value) {
        boolean onlyDots = value.length > 0;
        for (byte b : value) {
            onlyDots &= b == '.';
        }
        return encode(value, onlyDots);
    }

    /** One query name or value holding exactly {@code value}. */
    static String queryValue(byte[] value) {
        return encode(value, false);
    }

    /** Percent-decodes a path capture (the router hands them over with reserved characters still escaped). */
    static byte[] decodePath(String s) {
        return decode(s, false);
    }

    /** Percent-decodes a query component, {@code +} being a space as in HTML forms. */
    static byte[] decodeQuery(String s) {
        return decode(s, true);
    }

    private static String encode(byte[] value, boolean escapeDots) {
        StringBuilder sb = new StringBuilder(value.length + 8);
        for (byte b : value) {
            int c = b & 0xff;
            if (isUnreserved(c) && !(escapeDots && c == '.')) {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return sb.toString();
    }

    private static byte[] decode(String s, boolean plusIsSpace) {
        byte[] raw = s.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        for (int i = 0; i < raw.length; i++) {
            int c = raw[i] & 0xff;
            if (c == '%' && i + 2 < raw.length && hex(raw[i + 1]) >= 0 && hex(raw[i + 2]) >= 0) {
                out.write(hex(raw[i + 1]) << 4 | hex(raw[i + 2]));
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                out.write(' ');
            } else {
                out.write(c); // a stray '%' stays a literal percent sign, and is escaped on the way out
            }
        }
        return out.toByteArray();
    }

    private static int hex(byte b) {
        return Character.digit((char) (b & 0xff), 16);
    }

    static boolean isUnreserved(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
