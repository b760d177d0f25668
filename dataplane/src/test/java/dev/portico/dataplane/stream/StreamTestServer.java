package dev.portico.dataplane.stream;

import dev.portico.snapshot.stream.FrameCodec;
import dev.portico.snapshot.stream.FrameDecoder;
import dev.portico.snapshot.stream.StreamMessage;
import dev.portico.snapshot.stream.StreamProtocol;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SelfSignedCertificate;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A minimal operator-side stream endpoint for tests: a real h2c server that checks the bearer
 * token, decodes the data plane's frames and lets the test write frames back on each stream.
 */
final class StreamTestServer implements AutoCloseable {

    /** One stream request as it arrived, whatever its outcome. */
    record Attempt(long atNanos, String authorization, HttpVersion version, int status) {
    }

    /** The operator end of one accepted stream. */
    static final class Peer {
        private final HttpServerResponse response;
        private final FrameDecoder decoder = new FrameDecoder();
        final List<StreamMessage> received = new CopyOnWriteArrayList<>();
        volatile boolean ended;

        Peer(HttpServerRequest request) {
            this.response = request.response();
            request.handler(chunk -> decoder.feed(chunk.getBytes()).forEach(f -> received.add(FrameCodec.decode(f))));
            request.endHandler(v -> ended = true);
            request.exceptionHandler(e -> ended = true);
            response.closeHandler(v -> ended = true);
        }

        StreamMessage.Hello hello() {
            return received.isEmpty() ? null : (StreamMessage.Hello) received.get(0);
        }

        <T extends StreamMessage> List<T> receivedOf(Class<T> type) {
            return received.stream().filter(type::isInstance).map(type::cast).toList();
        }

        void send(StreamMessage message) {
            write(Buffer.buffer(FrameCodec.encode(message)));
        }

        /** Raw bytes, for split frames and several frames in one write. */
        void write(Buffer bytes) {
            response.write(bytes);
        }
    }

    private final Vertx vertx;
    private final String token;
    private final SelfSignedCertificate certificate;
    private HttpServer server;
    private int port;
    final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    final List<Peer> peers = new CopyOnWriteArrayList<>();

    StreamTestServer(Vertx vertx, String token) {
        this(vertx, token, null);
    }

    /** With a certificate, the server speaks TLS and negotiates h2 through ALPN. */
    StreamTestServer(Vertx vertx, String token, SelfSignedCertificate certificate) {
        this.vertx = vertx;
        this.token = token;
        this.certificate = certificate;
    }

    /** Listens on a free port the first time, on the same port after {@link #kill()}. */
    StreamTestServer start() throws Exception {
        HttpServerOptions options = new HttpServerOptions().setHttp2ClearTextEnabled(true);
        if (certificate != null) {
            options.setSsl(true).setUseAlpn(true).setKeyCertOptions(certificate.keyCertOptions());
        }
        server = vertx.createHttpServer(options).requestHandler(this::handle)
                .connectionHandler(c -> c.exceptionHandler(e -> { })); // a killed peer is expected here
        server.listen(port, "127.0.0.1").await(10, TimeUnit.SECONDS);
        port = server.actualPort();
        return this;
    }

    /** Closes the listener and every open connection, like an operator pod that died. */
    void kill() throws Exception {
        server.close().await(10, TimeUnit.SECONDS);
    }

    int port() {
        return port;
    }

    Peer lastPeer() {
        return peers.isEmpty() ? null : peers.get(peers.size() - 1);
    }

    @Override
    public void close() throws Exception {
        if (server != null) {
            kill();
        }
    }

    private void handle(HttpServerRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        int status = status(request, authorization);
        attempts.add(new Attempt(System.nanoTime(), authorization, request.version(), status));
        HttpServerResponse response = request.response();
        if (status != 200) {
            response.setStatusCode(status).end();
            return;
        }
        response.putHeader(HttpHeaders.CONTENT_TYPE, StreamProtocol.CONTENT_TYPE);
        response.writeHead();
        peers.add(new Peer(request));
    }

    private int status(HttpServerRequest request, String authorization) {
        if (request.method() != HttpMethod.POST || !StreamProtocol.PATH.equals(request.path())) {
            return 404;
        }
        return ("Bearer " + token).equals(authorization) ? 200 : 401;
    }
}
