package dev.portico.dataplane.auth;

import java.util.Collection;
import java.util.Iterator;

/**
 * Text from a token as a refusal may show it to the client: a hostile token's values may be huge or carry control
 * and bidi characters, so each is cut to {@value #MAX_CHARS} characters without them, and a list to its first few.
 */
final class TokenEcho {
    static final int MAX_CHARS = 64;
    private static final int MAX_VALUES = 3;

    private TokenEcho() {
    }

    /** The value without control or format characters, cut to {@value #MAX_CHARS} characters ("..." when cut). */
    static String of(String value) {
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_CHARS + 3));
        int i = 0;
        while (i < value.length()) {
            int c = value.codePointAt(i);
            int type = Character.getType(c);
            if (type != Character.CONTROL && type != Character.FORMAT && type != Character.SURROGATE) {
                if (out.length() + Character.charCount(c) > MAX_CHARS) {
                    break; // whole characters only: never half of a surrogate pair
                }
                out.appendCodePoint(c);
            }
            i += Character.charCount(c);
        }
        return i < value.length() ? out.append("...").toString() : out.toString();
    }

    /** {@code [a, b, c, ... 7 more]}: the first values, each as {@link #of}. */
    static String list(Collection<String> values) {
        StringBuilder out = new StringBuilder("[");
        Iterator<String> it = values.iterator();
        for (int n = 0; it.hasNext() && n < MAX_VALUES; n++) {
            out.append(n == 0 ? "" : ", ").append(of(String.valueOf(it.next())));
        }
        if (values.size() > MAX_VALUES) {
            out.append(", ... ").append(values.size() - MAX_VALUES).append(" more");
        }
        return out.append(']').toString();
    }
}
