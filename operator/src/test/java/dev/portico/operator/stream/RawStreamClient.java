package dev.portico.operator.stream;

import dev.portico.snapshot.Snapshot;
import dev.portico.snapshot.stream.FrameCodec;
import dev.portico.snapshot.stream.FrameDecoder;
import dev.portico.snapshot.stream.StreamMessage;
import dev.portico.snapshot.stream.StreamProtocol;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** A bare h2c (prior knowledge) client of the snapshot stream, speaking raw frames: what a test needs to see the wire. */
public final class RawStreamClient implements AutoCloseable {
    public final List<StreamMessage> received = new CopyOnWriteArrayList<>();
    public final AtomicLong bytesReceived = new AtomicLong();
    public final AtomicInteger status = new AtomicInteger();
    final AtomicReference<String> body = new AtomicReference<>("");
    private final HttpClient http;
    private HttpClientRequest request;
    private volatile boolean autoAck;
    private volatile Snapshot held;

    public RawStreamClient(Vertx vertx) {
        http = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false));
    }

    public RawStreamClient open(int port, String authorization) throws Exception {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
                .setURI(StreamProtocol.PATH).putHeader("content-type", StreamProtocol.CONTENT_TYPE);
        if (authorization != null) {
            options.putHeader("Authorization", authorization);
        }
        request = http.request(options).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        FrameDecoder decoder = new FrameDecoder();
        request.response().onSuccess(resp -> {
            status.set(resp.statusCode());
            resp.handler(chunk -> {
                if (resp.statusCode() != 200) {
                    body.updateAndGet(b -> b + chunk.toString());
                    return;
                }
                for (byte[] payload : decoder.feed(chunk.getBytes())) {
                    StreamMessage message = FrameCodec.decode(payload);
                    if (!(message instanceof StreamMessage.Heartbeat)) {
                        bytesReceived.addAndGet(payload.length + FrameCodec.HEADER_BYTES);
                    }
                    received.add(message);
                    if (autoAck && (message instanceof StreamMessage.SnapshotMessage
                            || message instanceof StreamMessage.DeltaMessage)) {
                        held = applyTo(held, message);
                        request.write(Buffer.buffer(FrameCodec.encode(
                                new StreamMessage.Ack(versionOf(message), held.contentHash()))));
                    }
                }
            });
        });
        request.setChunked(true);
        request.sendHead().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        return this;
    }

    /** Behaves like a data plane that accepts everything: applies each push and ACKs it at once. */
    public RawStreamClient autoAck() {
        autoAck = true;
        return this;
    }

    /** What an auto-acking client holds now. */
    public Snapshot held() {
        return held;
    }

    public void send(StreamMessage message) throws Exception {
        request.write(Buffer.buffer(FrameCodec.encode(message))).toCompletionStage().toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
    }

    /** One frame holding {@code json} as it is: a message this build could not encode itself. */
    public void write(String json) throws Exception {
        request.write(Buffer.buffer(FrameCodec.frame(json.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    public void hello(String node, String gateway, long lastVersion, String lastHash) throws Exception {
        hello(node, gateway, lastVersion, lastHash, false);
    }

    public void hello(String node, String gateway, long lastVersion, String lastHash, boolean globalRateLimits)
            throws Exception {
        send(new StreamMessage.Hello(node, gateway, lastVersion, lastHash, globalRateLimits));
    }

    /** Messages other than heartbeats, in arrival order. */
    public List<StreamMessage> pushes() {
        return received.stream().filter(m -> !(m instanceof StreamMessage.Heartbeat)).toList();
    }

    public StreamMessage lastPush() {
        List<StreamMessage> pushes = pushes();
        return pushes.isEmpty() ? null : pushes.get(pushes.size() - 1);
    }

    public long heartbeats() {
        return received.stream().filter(m -> m instanceof StreamMessage.Heartbeat).count();
    }

    /** Acknowledges a pushed snapshot or delta with the version and hash it carries. */
    public void ack(StreamMessage push) throws Exception {
        if (push instanceof StreamMessage.SnapshotMessage s) {
            send(new StreamMessage.Ack(s.snapshot().version(), s.hash()));
        } else if (push instanceof StreamMessage.DeltaMessage d) {
            send(new StreamMessage.Ack(d.delta().version(), d.delta().hash()));
        } else {
            throw new IllegalArgumentException("cannot ack " + push);
        }
    }

    public static long versionOf(StreamMessage push) {
        if (push instanceof StreamMessage.SnapshotMessage s) {
            return s.snapshot().version();
        }
        return ((StreamMessage.DeltaMessage) push).delta().version();
    }

    public static Snapshot applyTo(Snapshot held, StreamMessage push) {
        if (push instanceof StreamMessage.SnapshotMessage s) {
            return s.snapshot();
        }
        return held.apply(((StreamMessage.DeltaMessage) push).delta());
    }

    @Override
    public void close() throws Exception {
        http.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
