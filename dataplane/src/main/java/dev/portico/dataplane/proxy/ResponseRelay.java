package dev.portico.dataplane.proxy;

import dev.portico.dataplane.filter.Exchange;
import dev.portico.dataplane.http.HopByHop;
import dev.portico.dataplane.http.RequestIds;
import dev.portico.snapshot.HeaderModifier;
import io.vertx.core.Completable;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.util.ArrayList;
import java.util.List;

/**
 * Relays the upstream's answer to the client. A body of declared length up to {@link #WHOLE_MAX}
 * bytes is collected and written together with the head (one write and one flush instead of a
 * pipe's three); anything else is streamed with back-pressure. Until the head is written the
 * caller can still answer with a gateway error.
 */
final class ResponseRelay {
    /** Small enough that holding it costs nothing; larger or unknown bodies stream. */
    static final long WHOLE_MAX = 16 * 1024;

    private ResponseRelay() {
    }

    /**
     * @param done completed once, when the response ended or failed
     * @return true when the head is held back with a small body (until then nothing reached the client)
     */
    static boolean relay(HttpClientResponse resp, Exchange ex, HeaderModifier responseHeaders, Completable<Void> done) {
        HttpServerRequest req = ex.request();
        HttpServerResponse out = req.response();
        int status = resp.statusCode();
        boolean bodyAllowed = req.method() != HttpMethod.HEAD && status != 204 && status != 304;
        long declared = bodyAllowed ? declaredLength(resp) : 0;
        if (declared >= 0 && declared <= WHOLE_MAX) {
            whole(resp, ex, responseHeaders, done);
            return true;
        }
        writeHead(resp, ex, responseHeaders);
        if (bodyAllowed && !out.headers().contains(HttpHeaders.CONTENT_LENGTH) && req.version() != HttpVersion.HTTP_2) {
            out.setChunked(true);
        }
        resp.pipeTo(out).onComplete(done);
        return false;
    }

    private static void whole(HttpClientResponse resp, Exchange ex, HeaderModifier responseHeaders,
            Completable<Void> done) {
        Buffer[] body = {null};
        boolean[] over = {false};
        resp.handler(chunk -> body[0] = body[0] == null ? chunk : body[0].appendBuffer(chunk));
        resp.exceptionHandler(t -> {
            if (!over[0]) {
                over[0] = true;
                done.fail(t);
            }
        });
        resp.endHandler(v -> {
            if (over[0]) {
                return;
            }
            over[0] = true;
            HttpServerResponse out = ex.request().response();
            if (out.closed()) {
                done.fail(new IllegalStateException("the client connection closed"));
                return;
            }
            writeHead(resp, ex, responseHeaders);
            (body[0] == null ? out.end() : out.end(body[0])).onComplete(done);
        });
    }

    /** Status and headers: the upstream's minus hop-by-hop, then the rule's modifiers and the filters' additions. */
    private static void writeHead(HttpClientResponse resp, Exchange ex, HeaderModifier responseHeaders) {
        HttpServerRequest req = ex.request();
        HttpServerResponse out = req.response();
        out.setStatusCode(resp.statusCode());
        if (resp.statusMessage() != null && req.version() != HttpVersion.HTTP_2) {
            out.setStatusMessage(resp.statusMessage());
        }
        responseHeaders(resp.headers(), out.headers(), responseHeaders, ex.replacedResponsePrefix(),
                ex.responseHeaders(), ex.requestId());
    }

    /**
     * The upstream's headers minus hop-by-hop into {@code out}, then the rule's modifiers; those named with
     * {@code replacedPrefix} (may be null) dropped; then the filters' additions and the request id.
     */
    static void responseHeaders(MultiMap upstream, MultiMap out, HeaderModifier modifiers, String replacedPrefix,
            MultiMap added, String requestId) {
        HopByHop.copyResponseHeaders(upstream, out);
        Rewrites.apply(modifiers, out);
        if (replacedPrefix != null) {
            List<String> replaced = new ArrayList<>();
            for (String name : out.names()) {
                if (name.regionMatches(true, 0, replacedPrefix, 0, replacedPrefix.length())) {
                    replaced.add(name);
                }
            }
            replaced.forEach(out::remove);
        }
        if (!added.isEmpty()) {
            added.forEach(e -> out.add(e.getKey(), e.getValue()));
        }
        out.set(RequestIds.HEADER_NAME, requestId);
    }

    /** The upstream's Content-Length, or -1 when absent or unusable (then the body streams). */
    private static long declaredLength(HttpClientResponse resp) {
        String cl = resp.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (cl == null) {
            return -1;
        }
        try {
            return Long.parseLong(cl.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
