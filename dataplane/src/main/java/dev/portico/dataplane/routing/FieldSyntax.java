package dev.portico.dataplane.routing;

/**
 * What HTTP admits as a field name and a field value (RFC 9110 section 5), checked when a snapshot is compiled so a
 * header edit the wire cannot carry is refused there instead of failing every request that meets it.
 */
public final class FieldSyntax {
    private FieldSyntax() {
    }

    /** A token: at least one of {@code !#$%&'*+-.^_`|~}, digits and letters. */
    public static boolean isName(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * Where {@code value} stops being a field value, or -1 when it is one: visible ASCII and obs-text (U+0080..U+00FF,
     * one byte each on the wire), spaces and tabs only between them. Empty is a value.
     */
    public static int invalidAt(String value) {
        if (value == null) {
            return 0;
        }
        int n = value.length();
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            boolean blank = c == ' ' || c == '\t';
            if (blank ? i == 0 || i == n - 1 : c < 0x21 || c == 0x7f || c > 0xff) {
                return i;
            }
        }
        return -1;
    }

    /** The value quoted for a message, with control characters escaped so it stays on one line. */
    public static String quoted(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> out.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }

    /** Why {@code value} is not a field value, for a message; null when it is one. */
    public static String whyNotValue(String value) {
        int at = invalidAt(value);
        if (at < 0) {
            return null;
        }
        if (value == null) {
            return "is missing";
        }
        char c = value.charAt(at);
        String what = c == ' ' || c == '\t' ? "white space at " + (at == 0 ? "the start" : "the end")
                : c > 0xff ? String.format("U+%04X (beyond Latin-1) at index %d", (int) c, at)
                : String.format("control character 0x%02X at index %d", (int) c, at);
        return quoted(value) + " is not an HTTP field value: " + what
                + " (visible characters, with spaces and tabs only inside, no CR, LF or NUL)";
    }
}
