package dev.portico.dataplane.proxy;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;
import java.util.Set;

/**
 * The client's request body piped into the upstream request, which is framed only once a body byte arrives.
 * An HTTP/2 request without a body ends with its HEADERS frame, but Vert.x reports that end only after the
 * request handler (and while the request is paused, not at all): so whether there is a body is known only when
 * the piped body ends. None: the head goes up with neither Content-Length nor Transfer-Encoding (RFC 9110 8.6),
 * as a bodiless HTTP/1.1 request's does, but for a POST, PUT or PATCH, which says Content-Length: 0; one without a
 * declared length goes up chunked.
 */
final class UpstreamBody implements WriteStream<Buffer> {
    /** Methods that define a meaning for enclosed content: sent with their length, 0 included. */
    private static final Set<HttpMethod> ENCLOSES_CONTENT = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);
    private final HttpClientRequest upstream;
    private boolean sentBytes;
    private boolean ended;

    private UpstreamBody(HttpClientRequest upstream) {
        this.upstream = upstream;
    }

    /** Sends {@code upstream} with {@code body} piped into it (its answer: {@code upstream.response()}). */
    static UpstreamBody send(HttpClientRequest upstream, ReadStream<Buffer> body) {
        UpstreamBody out = new UpstreamBody(upstream);
        body.pipeTo(out);
        return out;
    }

    /** Did the body end without a byte, so the request can be sent again as it was? */
    boolean endedEmpty() {
        return ended && !sentBytes;
    }

    @Override
    public Future<Void> write(Buffer data) {
        if (data.length() == 0) {
            return Future.succeededFuture(); // an empty DATA frame is no body yet
        }
        if (!sentBytes && !upstream.isChunked() && !upstream.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
            upstream.setChunked(true);
        }
        sentBytes = true;
        return upstream.write(data);
    }

    @Override
    public Future<Void> end() {
        ended = true;
        if (!sentBytes && ENCLOSES_CONTENT.contains(upstream.getMethod()) && !upstream.isChunked()
                && !upstream.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
            // RFC 9110 8.6: a POST says its length even when it is 0; servers may refuse one without (411)
            upstream.putHeader(HttpHeaders.CONTENT_LENGTH, "0");
        }
        return upstream.end();
    }

    @Override
    public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        upstream.exceptionHandler(handler);
        return this;
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
        upstream.setWriteQueueMaxSize(maxSize);
        return this;
    }

    @Override
    public boolean writeQueueFull() {
        return upstream.writeQueueFull();
    }

    @Override
    public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
        upstream.drainHandler(handler);
        return this;
    }
}
