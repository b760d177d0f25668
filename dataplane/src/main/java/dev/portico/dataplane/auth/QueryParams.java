package dev.portico.dataplane.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads and removes one parameter of a raw query string, leaving every other byte as the client sent it. */
final class QueryParams {
    private QueryParams() {
    }

    /** Decoded values of every parameter named {@code name} (decoded names compared); empty when none. */
    static List<String> values(String rawQuery, String name) {
        List<String> out = new ArrayList<>(1);
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&", -1)) {
            int eq = pair.indexOf('=');
            if (name.equals(decode(eq < 0 ? pair : pair.substring(0, eq)))) {
                out.add(eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return out;
    }

    /** The query without any parameter named {@code name}; null when nothing is left. */
    static String without(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(rawQuery.length());
        for (String pair : rawQuery.split("&", -1)) {
            int eq = pair.indexOf('=');
            if (name.equals(decode(eq < 0 ? pair : pair.substring(0, eq)))) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(pair);
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    /** Malformed escapes decode to null: such a parameter is neither read nor matched. */
    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
