package dev.portico.dataplane.http;

/** Checks the raw request line: no control characters, no raw {@code #} or backslash in the target. */
final class RequestLineCheck {
    private RequestLineCheck() {
    }

    /** @return a problem description, or null when the line is acceptable */
    static String check(byte[] line, int len) {
        int firstSpace = -1;
        int lastSpace = -1;
        for (int i = 0; i < len; i++) {
            int b = line[i] & 0xff;
            if (b < 0x20 || b == 0x7f) {
                return "control character in the request line";
            }
            if (b == ' ') {
                if (firstSpace < 0) {
                    firstSpace = i;
                }
                lastSpace = i;
            }
        }
        if (firstSpace < 0 || lastSpace == firstSpace) {
            return null; // malformed request lines are Netty's decoder's to refuse
        }
        for (int i = firstSpace + 1; i < lastSpace; i++) {
            if (line[i] == '#') {
                return "raw '#' in the request target";
            }
            if (line[i] == '\\') {
                return "backslash in the request target";
            }
        }
        return null;
    }

    static boolean isHttp11(byte[] line, int len) {
        return len >= 8 && line[len - 1] == '1' && line[len - 2] == '.' && line[len - 3] == '1';
    }
}
