package dev.portico.dataplane.http;

/** RFC 9110 §5.6.2 {@code tchar}: the bytes a method or a header name may be made of, looked up in a table. */
final class TokenChars {
    private static final boolean[] TCHAR = new boolean[256];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 'a' + 'A'] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    private TokenChars() {
    }

    static boolean isTchar(byte b) {
        return TCHAR[b & 0xff];
    }
}
