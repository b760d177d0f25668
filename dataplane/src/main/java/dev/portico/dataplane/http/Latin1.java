package dev.portico.dataplane.http;

/** Header bytes read as ISO-8859-1 text, compared without making a string of them. */
public final class Latin1 {
    private Latin1() {
    }

    /** Whether {@code bytes[from, to)} spell {@code s} exactly; false for a null {@code s}. */
    public static boolean spells(byte[] bytes, int from, int to, String s) {
        if (s == null || to - from != s.length()) {
            return false;
        }
        for (int j = 0; j < s.length(); j++) {
            if ((bytes[from + j] & 0xff) != s.charAt(j)) {
                return false;
            }
        }
        return true;
    }
}
