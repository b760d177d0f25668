package dev.portico.e2e.chaos;

import dev.portico.e2e.support.RawHttp;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Forty hostile HTTP/1.1 requests, as raw bytes, each with the answer hardening.md documents (or,
 * beyond it, the answer an edge proxy owes: 400 for what cannot be parsed safely, 414 for an
 * overlong request line). Routes they meet: {@code /known} (no hosts) and {@code /hosted} (host
 * {@code good.example}), both to the backend {@code good}, whose body echoes what it received.
 */
final class HostileRequests {
    /**
     * @param status    the documented status
     * @param closes    the gateway must close the connection afterwards
     * @param also      a further check on the answer (the backend's echo, a header)
     */
    record Hostile(String name, String request, int status, boolean closes, Predicate<RawHttp.Answer> also) {
    }

    private static final String OK_HEAD = "Host: gw.example\r\nConnection: close\r\n";

    private HostileRequests() {
    }

    static List<Hostile> all() {
        List<Hostile> h = new ArrayList<>();
        // path confusion: normalized once, the upstream gets exactly what was matched
        h.add(upstreamSees("dot-dot", "/public/../known/a", "/known/a"));
        h.add(upstreamSees("encoded-dot-dot", "/known/%2e%2e/known/b", "/known/b"));
        h.add(upstreamSees("merged-slashes", "//known//c", "/known/c"));
        h.add(upstreamSees("dot-segments", "/./known/./d", "/known/d"));
        h.add(upstreamSees("above-root", "/../../known/e", "/known/e"));
        h.add(upstreamSees("encoded-unreserved", "/%6Bnown/f", "/known/f"));
        h.add(refused("encoded-slash-traversal", "GET /known/..%2f..%2fadmin HTTP/1.1\r\n" + OK_HEAD + "\r\n"));
        h.add(refused("encoded-slash", "GET /known%2Fx HTTP/1.1\r\n" + OK_HEAD + "\r\n"));
        h.add(refused("encoded-backslash", "GET /known%5cx HTTP/1.1\r\n" + OK_HEAD + "\r\n"));
        h.add(refused("raw-backslash", "GET /known\\x HTTP/1.1\r\n" + OK_HEAD + "\r\n"));
        h.add(refused("raw-nul", "GET /known/\0x HTTP/1.1\r\n" + OK_HEAD + "\r\n"));
        h.add(refused("raw-control", "GET /known/\u0001x HTTP/1.1\r\n" + OK_HEAD + "\r\n"));
        h.add(refused("raw-hash", "GET /known/x#frag HTTP/1.1\r\n" + OK_HEAD + "\r\n"));
        h.add(refused("encoded-nul", "GET /known/%00x HTTP/1.1\r\n" + OK_HEAD + "\r\n"));
        h.add(refused("truncated-escape", "GET /known/%4 HTTP/1.1\r\n" + OK_HEAD + "\r\n"));
        h.add(refused("non-ascii-path", "GET /known/\u00ff HTTP/1.1\r\n" + OK_HEAD + "\r\n"));
        // request smuggling: any doubt about where the body ends is a 400 and a closed connection
        h.add(smuggle("cl-then-te", "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n"));
        h.add(smuggle("te-then-cl", "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n"));
        h.add(smuggle("two-content-lengths", "Content-Length: 5\r\nContent-Length: 44\r\n"));
        h.add(smuggle("plus-content-length", "Content-Length: +5\r\n"));
        h.add(smuggle("negative-content-length", "Content-Length: -1\r\n"));
        h.add(smuggle("word-content-length", "Content-Length: five\r\n"));
        h.add(smuggle("unknown-transfer-encoding", "Transfer-Encoding: xchunked\r\n"));
        h.add(smuggle("doubled-chunked", "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n"));
        h.add(refused("obs-fold", "GET /known/x HTTP/1.1\r\n" + OK_HEAD + "X-Folded: a\r\n  b\r\n\r\n"));
        h.add(refused("space-before-colon", "GET /known/x HTTP/1.1\r\n" + OK_HEAD + "X-Bad : v\r\n\r\n"));
        h.add(refused("nul-in-header", "GET /known/x HTTP/1.1\r\n" + OK_HEAD + "X-Nul: a\0b\r\n\r\n"));
        // Host
        h.add(refused("missing-host", "GET /known/x HTTP/1.1\r\nConnection: close\r\n\r\n"));
        h.add(refused("duplicate-host", "GET /known/x HTTP/1.1\r\n" + OK_HEAD + "Host: other.example\r\n\r\n"));
        h.add(refused("host-with-space", "GET /known/x HTTP/1.1\r\nHost: bad host\r\nConnection: close\r\n\r\n"));
        h.add(refused("host-with-userinfo", "GET /known/x HTTP/1.1\r\nHost: a@good.example\r\nConnection: close\r\n\r\n"));
        h.add(new Hostile("absolute-form-other-host", "GET http://evil.example/hosted/x HTTP/1.1\r\n"
                + "Host: good.example\r\nConnection: close\r\n\r\n", 404, true, a -> a.body().contains("\"error\"")));
        // sizes
        h.add(new Hostile("headers-over-60k", "GET /known/x HTTP/1.1\r\n" + OK_HEAD + "X-Big: " + "a".repeat(62 * 1024)
                + "\r\n\r\n", 431, true, a -> true));
        h.add(new Hostile("101-headers", "GET /known/x HTTP/1.1\r\n" + OK_HEAD + manyHeaders(101) + "\r\n", 431, true,
                a -> true));
        h.add(new Hostile("request-line-20k", "GET /known/" + "a".repeat(20 * 1024) + " HTTP/1.1\r\n" + OK_HEAD
                + "\r\n", 414, true, a -> true));
        h.add(new Hostile("body-over-10m", "POST /known/upload HTTP/1.1\r\n" + OK_HEAD + "Content-Length: "
                + (11L << 20) + "\r\n\r\n" + "x".repeat(1024), 413, false, a -> a.body().contains("\"error\"")));
        // what the upstream must not be told by the client. (Vert.x keeps a connection open when "close" is one
        // of several Connection tokens, against RFC 9112 9.6; hardening.md asks only for the headers, so no close here.)
        h.add(new Hostile("hop-by-hop-xff", "GET /known/hop HTTP/1.1\r\nHost: gw.example\r\n"
                + "Connection: close, X-Forwarded-For\r\nX-Forwarded-For: 6.6.6.6\r\n\r\n", 200, false,
                a -> a.body().contains("\nx-forwarded-for: 127.0.0.1\n") && !a.body().contains("6.6.6.6")));
        h.add(new Hostile("client-xff-appended", "GET /known/xff HTTP/1.1\r\n" + OK_HEAD
                + "X-Forwarded-For: 1.2.3.4\r\n\r\n", 200, true,
                a -> a.body().contains("\nx-forwarded-for: 1.2.3.4, 127.0.0.1\n")));
        h.add(new Hostile("identity-header-spoof", "GET /known/spoof HTTP/1.1\r\n" + OK_HEAD
                + "Portico-Client-Id: admin\r\n\r\n", 200, true, a -> !a.body().toLowerCase().contains("portico-client-id")));
        h.add(new Hostile("forged-request-id", "GET /known/rid HTTP/1.1\r\n" + OK_HEAD + "X-Request-Id: forged-id\r\n\r\n",
                200, true, a -> a.text().toLowerCase().contains("\r\nx-request-id: ")
                        && !a.text().toLowerCase().contains("x-request-id: forged-id")));
        return h;
    }

    private static Hostile upstreamSees(String name, String target, String normalized) {
        return new Hostile(name, "GET " + target + " HTTP/1.1\r\n" + OK_HEAD + "\r\n", 200, true,
                a -> a.body().startsWith("good " + normalized + "\n"));
    }

    private static Hostile refused(String name, String request) {
        return new Hostile(name, request, 400, true, a -> a.body().contains("\"error\""));
    }

    /** A POST whose framing headers are {@code framing}, carrying a second request the backend must never see. */
    private static Hostile smuggle(String name, String framing) {
        String smuggled = "/known/smuggled-" + name;
        String request = "POST /known/front HTTP/1.1\r\nHost: gw.example\r\n" + framing + "\r\n"
                + "0\r\n\r\nGET " + smuggled + " HTTP/1.1\r\nHost: gw.example\r\n\r\n";
        return new Hostile(name, request, 400, true, a -> a.responses() == 1 && a.body().contains("\"error\""));
    }

    static String smuggledTarget(Hostile hostile) {
        return "/known/smuggled-" + hostile.name();
    }

    private static String manyHeaders(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("X-H").append(i).append(": v\r\n");
        }
        return sb.toString();
    }
}
