package dev.portico.dataplane.upstream;

import static dev.portico.dataplane.Scrape.sample;
import static dev.portico.dataplane.Snapshots.cluster;
import static dev.portico.dataplane.Snapshots.route;
import static dev.portico.dataplane.Snapshots.ruleBuilder;
import static dev.portico.dataplane.Snapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.dataplane.GatewayFixture;
import dev.portico.dataplane.OneContext;
import dev.portico.dataplane.TestBackend;
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
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A retry picks again among the rule's weighted backends, leaving out the one whose endpoint just failed: backends
 * {@code echo} and {@code dead} (its only endpoint refuses connections) at 50/50 with ConnectFailure retries answer
 * every request with 200, on the HTTP/1 forward path and on the Vert.x path (h2c, chunked uploads).
 */
class RetryAcrossBackendsTest {
    private static final String RETRIES = "portico_retries_total{rule=\"shop/canary/split\"}";
    private static final int REQUESTS = 20;
    private static GatewayFixture gw;
    private static TestBackend echo;

    @BeforeAll
    static void start() {
        gw = new GatewayFixture();
        echo = gw.own(TestBackend.echo(gw.vertx, "echo"));
        gw.apply(snapshot(1, List.of(route("shop", "canary", "2024-01-01T00:00:00Z", List.of(),
                ruleBuilder("split").backend("echo", 50).backend("dead", 50)
                        .retries(new RetryPolicy(2, 0, List.of(RetryPolicy.Condition.ConnectFailure), List.of()))
                        .build())),
                List.of(cluster("echo", echo.port()), cluster("dead", 1)))); // port 1: connections are refused
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void http11RetriesOfAFailedBackendGoToTheOtherOne() {
        everyRequestIsServedByEchoAfterRetries(() -> {
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                GatewayFixture.Response r = gw.get("/users/" + i);
                assertThat(r.header("x-backend")).as(r.body()).isEqualTo("echo");
                statuses.add(r.statusCode());
            }
            return statuses;
        });
    }

    @Test
    void h2cRetriesOfAFailedBackendGoToTheOtherOne() {
        HttpClient h2 = gw.vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false));
        try {
            everyRequestIsServedByEchoAfterRetries(() -> sendAll(h2, req -> {
                assertThat(req.version()).isEqualTo(HttpVersion.HTTP_2);
                return req.send();
            }));
        } finally {
            h2.close().await();
        }
    }

    @Test
    void chunkedUploadsAreRetriedOnTheOtherBackendWithTheirWholeBody() {
        HttpClient http = gw.vertx.createHttpClient();
        try {
            everyRequestIsServedByEchoAfterRetries(() -> sendAll(http, req -> {
                req.setChunked(true); // a chunked body: the Vert.x path
                req.write(Buffer.buffer("first,"));
                return req.send(Buffer.buffer("second"));
            }, body -> assertThat(body.getInteger("bodyLength")).isEqualTo(12)));
        } finally {
            http.close().await();
        }
    }

    /** The batch's requests all answer 200 from echo; some first tries went to dead and were retried. */
    private static void everyRequestIsServedByEchoAfterRetries(Supplier<List<Integer>> batch) {
        double retriesBefore = sample(gw.dataPlane.metrics().scrape(), RETRIES);
        int echoBefore = echo.hits();
        List<Integer> statuses = batch.get();
        assertThat(statuses).hasSize(REQUESTS).containsOnly(200);
        assertThat(echo.hits() - echoBefore).isEqualTo(REQUESTS);
        // about half the first tries go to dead (weights stay honest for first tries), each retried once
        assertThat(sample(gw.dataPlane.metrics().scrape(), RETRIES) - retriesBefore).isBetween(1.0, (double) REQUESTS);
    }

    private static List<Integer> sendAll(HttpClient client,
            Function<HttpClientRequest, Future<HttpClientResponse>> send) {
        return sendAll(client, send, body -> { });
    }

    /** POSTs {@link #REQUESTS} requests one after another; each answer's JSON body is checked by {@code check}. */
    private static List<Integer> sendAll(HttpClient client,
            Function<HttpClientRequest, Future<HttpClientResponse>> send,
            Consumer<JsonObject> check) {
        List<Integer> statuses = new ArrayList<>();
        OneContext sender = new OneContext(gw.vertx);
        for (int i = 0; i < REQUESTS; i++) {
            RequestOptions options = new RequestOptions().setHost("127.0.0.1").setPort(gw.port())
                    .setURI("/orders/" + i).setMethod(HttpMethod.POST);
            try {
                int status = sender.await(() -> client.request(options).compose(send)
                        .compose(res -> res.body().map(b -> {
                            assertThat(res.getHeader("x-backend")).as(b.toString()).isEqualTo("echo");
                            check.accept(new JsonObject(b));
                            return res.statusCode();
                        })), 20);
                statuses.add(status);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return statuses;
    }
}
