package dev.portico.dataplane.http;

/**
 * Checks the raw request line (RFC 9112 §3): {@code method SP request-target SP HTTP-version}, the method a token,
 * no control characters, no space, raw {@code #} or backslash in the target, and a version of HTTP/1.0 or HTTP/1.1.
 */
final class RequestLineCheck {
    /** What is wrong with a request line: the status that refuses it and why. */
    record Problem(int status, String code, String message) {
        static Problem badRequest(String message) {
            return new Problem(400, "bad_request", message);
        }
    }

    private RequestLineCheck() {
    }

    /**
     * @param truncated only the line's first {@code len} bytes were kept (a long target): what they show is checked,
     *                  and the rest (the version, the length) is left to the decoder, which answers 414 over its limit
     * @return what is wrong with the line, or null when it is acceptable
     */
    static Problem check(byte[] line, int len, boolean truncated) {
        int firstSpace = -1;
        int lastSpace = -1;
        int bad = -1; // the method's first byte that is not a tchar, found in the same scan
        for (int i = 0; i < len; i++) {
            int b = line[i] & 0xff;
            if (b < 0x20 || b == 0x7f) {
                return Problem.badRequest("control character in the request line");
            }
            if (b == ' ') {
                if (firstSpace < 0) {
                    firstSpace = i;
                }
                lastSpace = i;
            } else if (firstSpace < 0 && bad < 0 && !TokenChars.isTchar(line[i])) {
                bad = i;
            }
        }
        if (truncated) {
            if (firstSpace < 0) {
                return null; // a method longer than what was kept: the decoder refuses it
            }
            lastSpace = len; // the target runs past what was kept
        }
        if (firstSpace == 0 || (!truncated && (firstSpace < 0 || lastSpace == firstSpace
                || lastSpace == firstSpace + 1))) {
            return Problem.badRequest("malformed request line (expected: method SP request-target SP HTTP-version)");
        }
        if (bad >= 0) {
            return Problem.badRequest(String.format("request method with a character not allowed in a token (0x%02X)",
                    line[bad] & 0xff));
        }
        for (int i = firstSpace + 1; i < lastSpace; i++) {
            if (line[i] == '#') {
                return Problem.badRequest("raw '#' in the request target");
            }
            if (line[i] == '\\') {
                return Problem.badRequest("backslash in the request target");
            }
            if (line[i] == ' ') {
                return Problem.badRequest("space in the request target");
            }
        }
        return truncated ? null : version(line, lastSpace + 1, len);
    }

    /** RFC 9112 §2.3: {@code HTTP-version = "HTTP" "/" DIGIT "." DIGIT}, case-sensitive; only 1.0 and 1.1 are served. */
    private static Problem version(byte[] line, int from, int to) {
        if (to - from != 8 || line[from] != 'H' || line[from + 1] != 'T' || line[from + 2] != 'T'
                || line[from + 3] != 'P' || line[from + 4] != '/' || !digit(line[from + 5]) || line[from + 6] != '.'
                || !digit(line[from + 7])) {
            return Problem.badRequest("malformed HTTP version in the request line");
        }
        if (line[from + 5] == '1' && (line[from + 7] == '0' || line[from + 7] == '1')) {
            return null;
        }
        return new Problem(505, "http_version_not_supported", "HTTP/" + (char) line[from + 5] + "."
                + (char) line[from + 7] + " is not supported on this connection (HTTP/1.1 and HTTP/1.0 are)");
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }

    static boolean isHttp11(byte[] line, int len) {
        return len >= 8 && line[len - 1] == '1' && line[len - 2] == '.' && line[len - 3] == '1';
    }
}
