package dev.portico.dataplane.stream;

import dev.portico.snapshot.codec.SnapshotDecodingException;
import dev.portico.snapshot.stream.FrameCodec;
import dev.portico.snapshot.stream.FrameDecoder;
import dev.portico.snapshot.stream.StreamMessage;
import dev.portico.snapshot.stream.StreamProtocol;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.util.List;

/**
 * One attempt at the snapshot stream: a single HTTP/2 request whose body carries our frames and
 * whose response carries the operator's. It ends exactly once — on an HTTP error, a broken frame,
 * the operator ending the stream, a reset, or 3 missed heartbeats — and then closes its connection
 * so that the next attempt starts from a fresh one. Confined to the client's context.
 */
final class StreamConnection {

    /** What a connection reports to its client. */
    interface Listener {
        /** The operator answered 200: the stream is up. */
        void opened(StreamConnection connection);

        /** Any message, in order; heartbeats have already re-armed the watchdog. */
        void received(StreamConnection connection, StreamMessage message);

        /** Called once, for whatever reason the stream stopped. */
        void closed(StreamConnection connection, String reason);
    }

    private static final long MIN_HEARTBEAT_MS = 50;

    private final Vertx vertx;
    private final Listener listener;
    private final FrameDecoder decoder = new FrameDecoder();
    private long silenceLimitMs;
    private long watchdog = -1;
    private HttpClientRequest request;
    private boolean open;
    private boolean closed;
    private boolean reached;

    private StreamConnection(Vertx vertx, long heartbeatIntervalMs, Listener listener) {
        this.vertx = vertx;
        this.listener = listener;
        this.silenceLimitMs = StreamClientOptions.MISSED_HEARTBEATS * heartbeatIntervalMs;
    }

    /** Opens the stream and sends {@code hello} as its first frame; the outcome reaches {@code listener}. */
    static StreamConnection open(Vertx vertx, HttpClient client, StreamClientOptions options, String token,
            StreamMessage.Hello hello, Listener listener) {
        StreamConnection connection = new StreamConnection(vertx, options.heartbeatInterval().toMillis(), listener);
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost(options.controlPlane().getHost())
                .setPort(options.port())
                .setURI(StreamProtocol.PATH)
                .putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .putHeader(HttpHeaders.CONTENT_TYPE, StreamProtocol.CONTENT_TYPE)
                .putHeader("te", "trailers");
        connection.armWatchdog();
        client.request(request).onComplete(ar -> {
            if (ar.failed()) {
                connection.close("cannot reach " + options.controlPlane() + ": " + describe(ar.cause()));
            } else {
                connection.reached = true;
                connection.start(ar.result(), hello);
            }
        });
        return connection;
    }

    /** Whether the control plane was reached at all (a refusal such as a 401 counts: it answered). */
    boolean reached() {
        return reached;
    }

    boolean isOpen() {
        return open && !closed;
    }

    /** Writes one message; silently dropped once the stream has ended (the next hello tells the truth). */
    void send(StreamMessage message) {
        if (request != null && !closed) {
            request.write(Buffer.buffer(FrameCodec.encode(message)));
        }
    }

    /** Ends the stream (if still running) and drops its connection. */
    void close(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        open = false;
        if (watchdog >= 0) {
            vertx.cancelTimer(watchdog);
        }
        if (request != null) {
            request.reset();
            request.connection().close();
        }
        listener.closed(this, reason);
    }

    private void start(HttpClientRequest req, StreamMessage.Hello hello) {
        if (closed) {
            req.reset();
            return;
        }
        request = req;
        req.setChunked(true);
        req.exceptionHandler(e -> close("stream failed: " + describe(e)));
        req.connection().closeHandler(v -> close("connection to the operator closed"));
        req.connection().exceptionHandler(e -> close("connection to the operator failed: " + describe(e)));
        req.response().onComplete(ar -> {
            if (ar.failed()) {
                close("no response from the operator: " + describe(ar.cause()));
            } else {
                onResponse(ar.result());
            }
        });
        send(hello);
    }

    private void onResponse(HttpClientResponse response) {
        if (closed) {
            return;
        }
        // first: the stream of a refused request is reset too, and an unhandled reset is logged as an error
        response.exceptionHandler(e -> close("stream failed: " + describe(e)));
        if (response.statusCode() != 200) {
            close("operator answered HTTP " + response.statusCode() + " " + response.statusMessage());
            return;
        }
        open = true;
        armWatchdog();
        response.endHandler(v -> close("operator ended the stream"
                + grpcStatus(response.trailers().get("grpc-status"), response.trailers().get("grpc-message"))));
        response.handler(this::onData);
        listener.opened(this);
    }

    private void onData(Buffer chunk) {
        if (closed) {
            return;
        }
        armWatchdog();
        List<byte[]> frames;
        try {
            frames = decoder.feed(chunk.getBytes());
        } catch (FrameDecoder.FrameException e) {
            close("broken frame from the operator: " + e.getMessage());
            return;
        }
        for (byte[] frame : frames) {
            StreamMessage message;
            try {
                message = FrameCodec.decode(frame);
            } catch (SnapshotDecodingException e) {
                close("unreadable message from the operator: " + e.getMessage());
                return;
            }
            if (message instanceof StreamMessage.Heartbeat heartbeat) {
                onHeartbeat(heartbeat);
            }
            listener.received(this, message);
            if (closed) {
                return;
            }
        }
    }

    private void onHeartbeat(StreamMessage.Heartbeat heartbeat) {
        if (heartbeat.intervalMs() > 0) {
            // A floor, so an operator announcing a tiny interval cannot make the stream flap.
            long interval = Math.max(MIN_HEARTBEAT_MS, heartbeat.intervalMs());
            silenceLimitMs = StreamClientOptions.MISSED_HEARTBEATS * interval;
            armWatchdog();
        }
    }

    /** Any bytes prove the operator alive; silence beyond the limit ends the stream. */
    private void armWatchdog() {
        if (closed) {
            return;
        }
        if (watchdog >= 0) {
            vertx.cancelTimer(watchdog);
        }
        watchdog = vertx.setTimer(silenceLimitMs,
                id -> close("no heartbeat from the operator for " + silenceLimitMs + " ms"));
    }

    private static String grpcStatus(String status, String message) {
        if (status == null) {
            return "";
        }
        return " (grpc-status " + status + (message == null ? "" : ": " + message) + ")";
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
