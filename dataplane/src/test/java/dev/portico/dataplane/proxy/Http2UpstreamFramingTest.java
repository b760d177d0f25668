package dev.portico.dataplane.proxy;

import static dev.portico.dataplane.Snapshots.cluster;
import static dev.portico.dataplane.Snapshots.match;
import static dev.portico.dataplane.Snapshots.route;
import static dev.portico.dataplane.Snapshots.ruleBuilder;
import static dev.portico.dataplane.Snapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.dataplane.GatewayFixture;
import dev.portico.dataplane.LogCapture;
import dev.portico.dataplane.OneContext;
import dev.portico.snapshot.PathMatch;
import dev.portico.snapshot.RetryPolicy;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.HostAndPort;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP/2 clients (h2c) through the Vert.x proxy path to raw HTTP/1.1 upstreams: a request the client ended with
 * its headers goes up with no framing at all, one with a body goes up whole, and an upstream connection stays in
 * step over many requests.
 */
class Http2UpstreamFramingTest {
    private static final List<RawHttp.Message> captured = new CopyOnWriteArrayList<>();
    private static final List<String> deafHeard = new CopyOnWriteArrayList<>();
    private static final List<String> flakyHeard = new CopyOnWriteArrayList<>();
    private static final Set<String> firstSeen = ConcurrentHashMap.newKeySet();
    private static GatewayFixture gw;
    private static RawBackend capture;
    private static RawBackend deaf;
    private static RawBackend cutting;
    private static RawBackend flaky;
    private static HttpClient h2c;
    private static OneContext client;

    @BeforeAll
    static void start() throws IOException {
        gw = new GatewayFixture();
        capture = new RawBackend(Http2UpstreamFramingTest::capture);
        deaf = new RawBackend(Http2UpstreamFramingTest::ignoreBody);
        cutting = new RawBackend((req, in, out) -> {
            RawHttp.body(in, req);
            return false; // the whole request read, then closed without an answer
        });
        flaky = new RawBackend((req, in, out) -> {
            RawHttp.body(in, req);
            flakyHeard.add(req.startLine());
            return !firstSeen.add(req.startLine()) && ok(req, out); // each request's first try: closed unanswered
        });
        gw.apply(snapshot(1, List.of(route("shop", "edge", "2024-01-01T00:00:00Z", List.of(),
                ruleBuilder("capture").index(0).matches(match(PathMatch.Type.PathPrefix, "/h2get")).backend("capture", 1)
                        .build(),
                ruleBuilder("deaf").index(1).matches(match(PathMatch.Type.PathPrefix, "/deaf")).backend("deaf", 1)
                        .build(),
                ruleBuilder("cut").index(2).matches(match(PathMatch.Type.PathPrefix, "/cut")).backend("cutting", 1)
                        .build(),
                ruleBuilder("again").index(3).matches(match(PathMatch.Type.PathPrefix, "/again")).backend("flaky", 1)
                        .retries(new RetryPolicy(1, 0, List.of(RetryPolicy.Condition.Reset), List.of())).build())),
                List.of(cluster("capture", capture.port()), cluster("deaf", deaf.port()),
                        cluster("cutting", cutting.port()), cluster("flaky", flaky.port()))));
        h2c = gw.vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false));
        client = new OneContext(gw.vertx);
    }

    @AfterAll
    static void stop() throws IOException {
        h2c.close().await();
        capture.close();
        deaf.close();
        cutting.close();
        flaky.close();
        gw.close();
    }

    @BeforeEach
    void forget() {
        captured.clear();
        deafHeard.clear();
        flakyHeard.clear();
    }

    /** Records each request with the body its own framing says it has, and answers a fixed 200 "ok". */
    private static boolean capture(RawHttp.Message req, InputStream in, OutputStream out) throws IOException {
        captured.add(new RawHttp.Message(req.startLine(), req.headers(), RawHttp.body(in, req)));
        return ok(req, out);
    }

    /** As servers that take a GET to have no body (Python's http.server): never reads past the head. */
    private static boolean ignoreBody(RawHttp.Message req, InputStream in, OutputStream out) throws IOException {
        deafHeard.add(req.startLine());
        return ok(req, out);
    }

    private static boolean ok(RawHttp.Message req, OutputStream out) throws IOException {
        String body = req.startLine().startsWith("HEAD ") ? "" : "ok";
        out.write(("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
        return true;
    }

    private record Answer(int status, HttpVersion version, String body) {
    }

    /** One request over h2c to {@code raw.test}, sent by {@code sending}; the answer, checked to be HTTP/2. */
    private static Answer send(HttpMethod method, String path,
            Function<HttpClientRequest, Future<HttpClientResponse>> sending) throws Exception {
        Answer a = client.await(() -> h2c.request(new RequestOptions().setHost("127.0.0.1").setPort(gw.port())
                        .setURI(path).setMethod(method))
                .compose(req -> sending.apply(req.authority(HostAndPort.authority("raw.test"))))
                .compose(res -> res.body().map(b -> new Answer(res.statusCode(), res.version(), b.toString()))), 10);
        assertThat(a.version()).isEqualTo(HttpVersion.HTTP_2);
        return a;
    }

    private static Answer bodiless(HttpMethod method, String path) throws Exception {
        return send(method, path, HttpClientRequest::send);
    }

    @Test
    void bodilessGetAndHeadGoUpstreamWithoutFramingHeadersOrBytes() throws Exception {
        assertThat(bodiless(HttpMethod.GET, "/h2get").status()).isEqualTo(200);
        assertThat(bodiless(HttpMethod.HEAD, "/h2get").status()).isEqualTo(200);
        // a third request on the same upstream connection: whatever followed a head's blank line would be read
        // as a request of its own before it
        assertThat(bodiless(HttpMethod.GET, "/h2get/after").body()).isEqualTo("ok");

        assertThat(captured).extracting(RawHttp.Message::startLine)
                .containsExactly("GET /h2get HTTP/1.1", "HEAD /h2get HTTP/1.1", "GET /h2get/after HTTP/1.1");
        for (RawHttp.Message m : captured) {
            assertThat(m.headers()).as(m.startLine()).doesNotContainKeys("transfer-encoding", "content-length");
            assertThat(m.header("host")).isEqualTo("raw.test");
        }
        assertThat(capture.connections()).isEqualTo(1);
    }

    /** RFC 9110 8.6: a method that defines a meaning for content says its length, 0 too; a DELETE has none. */
    @Test
    void anEmptyPostOrPutSaysContentLengthZeroAndADeleteNoFraming() throws Exception {
        assertThat(bodiless(HttpMethod.POST, "/h2get/post").status()).isEqualTo(200);
        assertThat(bodiless(HttpMethod.PUT, "/h2get/put").status()).isEqualTo(200);
        assertThat(bodiless(HttpMethod.DELETE, "/h2get/delete").status()).isEqualTo(200);

        assertThat(captured).extracting(RawHttp.Message::startLine).containsExactly("POST /h2get/post HTTP/1.1",
                "PUT /h2get/put HTTP/1.1", "DELETE /h2get/delete HTTP/1.1");
        assertThat(captured.get(0).header("content-length")).isEqualTo("0");
        assertThat(captured.get(1).header("content-length")).isEqualTo("0");
        assertThat(captured.get(2).headers()).doesNotContainKeys("transfer-encoding", "content-length");
        assertThat(captured).allSatisfy(m -> assertThat(m.body()).isEmpty());
    }

    @Test
    void aPostWithABodyReachesTheUpstreamWhole() throws Exception {
        String known = "a".repeat(5000);
        Answer sized = send(HttpMethod.POST, "/h2get/sized", req -> req.send(Buffer.buffer(known)));
        // no content-length from the client: the body is streamed as it comes
        Answer streamed = send(HttpMethod.POST, "/h2get/streamed", req -> {
            req.setChunked(true);
            req.write("first part, ");
            return req.send(Buffer.buffer("last part"));
        });

        assertThat(sized.status()).isEqualTo(200);
        assertThat(streamed.status()).isEqualTo(200);
        assertThat(captured).hasSize(2);
        assertThat(captured.get(0).startLine()).isEqualTo("POST /h2get/sized HTTP/1.1");
        assertThat(captured.get(0).header("content-length")).isEqualTo("5000");
        assertThat(captured.get(0).text()).isEqualTo(known);
        assertThat(captured.get(1).startLine()).isEqualTo("POST /h2get/streamed HTTP/1.1");
        assertThat(captured.get(1).header("transfer-encoding")).isEqualTo("chunked");
        assertThat(captured.get(1).text()).isEqualTo("first part, last part");
    }

    @Test
    void bodilessRequestsInARowKeepAKeptAliveUpstreamInStep() throws Exception {
        try (LogCapture logs = LogCapture.start()) {
            for (int i = 0; i < 10; i++) {
                HttpMethod method = i % 3 == 2 ? HttpMethod.HEAD : HttpMethod.GET;
                Answer a = bodiless(method, "/deaf/" + i);
                assertThat(a.status()).as("request %d", i).isEqualTo(200);
                assertThat(a.body()).as("request %d", i).isEqualTo(method == HttpMethod.HEAD ? "" : "ok");
            }
            assertThat(deafHeard).hasSize(10).allSatisfy(line -> assertThat(line).matches("(GET|HEAD) /deaf/\\d HTTP/1.1"));
            assertThat(deaf.connections()).isEqualTo(1);
            assertThat(logs.records()).noneMatch(r -> r.getLevel().intValue() >= Level.WARNING.intValue());
        }
    }

    /** The client's body was read to its end (HTTP/2 then refuses to resume the request) before the error answer. */
    @Test
    void anUpstreamThatClosesAfterReadingTheWholeBodyIs502WithNothingLogged() throws Exception {
        try (LogCapture logs = LogCapture.start()) {
            Answer a = send(HttpMethod.POST, "/cut", req -> req.send(Buffer.buffer("the whole body")));

            assertThat(a.status()).isEqualTo(502);
            assertThat(new JsonObject(a.body()).getString("error")).isEqualTo("upstream_reset");
            // served on the same connection's event loop after that answer's turn: anything it logged is in by now
            assertThat(bodiless(HttpMethod.GET, "/h2get").status()).isEqualTo(200);
            assertThat(logs.records()).extracting(r -> r.getLevel() + " " + r.getMessage()
                            + (r.getThrown() == null ? "" : " " + r.getThrown()))
                    .noneMatch(l -> l.startsWith("SEVERE") || l.startsWith("WARNING"));
        }
    }

    /** Known to have no body once its stream ended empty, a GET is sent again after a reset as over HTTP/1.1. */
    @Test
    void aBodilessGetIsTriedAgainAfterAnUpstreamResetAndAPostWithABodyIsNot() throws Exception {
        assertThat(bodiless(HttpMethod.GET, "/again/get").body()).isEqualTo("ok");
        assertThat(send(HttpMethod.POST, "/again/post", req -> req.send(Buffer.buffer("sent once"))).status())
                .isEqualTo(502);

        assertThat(flakyHeard).containsExactly("GET /again/get HTTP/1.1", "GET /again/get HTTP/1.1",
                "POST /again/post HTTP/1.1");
    }
}
