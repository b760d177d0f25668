package dev.portico.dataplane.http;

import static dev.portico.dataplane.Snapshots.cluster;
import static dev.portico.dataplane.Snapshots.route;
import static dev.portico.dataplane.Snapshots.ruleBuilder;
import static dev.portico.dataplane.Snapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portico.dataplane.GatewayFixture;
import dev.portico.dataplane.GatewayOptions;
import dev.portico.dataplane.TestBackend;
import dev.portico.snapshot.PathMatch;
import dev.portico.snapshot.RouteMatch;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.transport.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every transport the data plane can run on proxies (both proxy paths: HTTP/1.1's forward path and h2c through
 * Vert.x), and keeps the edge guard in front of the parser. This machine has all three; CI's does too (a named
 * transport that is missing fails the test, it is not skipped).
 */
class TransportChoiceTest {

    @ParameterizedTest
    @EnumSource(value = TransportChoice.class, names = {"IO_URING", "EPOLL", "NIO"})
    void eachTransportProxiesBothPathsAndGuardsTheEdge(TransportChoice choice) throws Exception {
        try (GatewayFixture gw = new GatewayFixture(GatewayOptions.defaults().withHost("127.0.0.1").withPort(0)
                .withInstances(1), choice)) {
            assertThat(((VertxInternal) gw.vertx).transport()).isInstanceOf(GuardedTransport.Guarding.class);
            assertThat(((GuardedTransport.Guarding) ((VertxInternal) gw.vertx).transport()).delegate())
                    .as("the transport chosen, not a fallback").isInstanceOf(choice.resolve().implementation().getClass());
            TestBackend shop = gw.own(TestBackend.echo(gw.vertx, "shop"));
            gw.apply(snapshot(1, List.of(route("edge", "shop", "2024-01-01T00:00:00Z", List.of(),
                    ruleBuilder("products").matches(RouteMatch.path(PathMatch.prefix("/api/products")))
                            .backend("shop", 1).build())), List.of(cluster("shop", shop.port()))));

            assertThat(gw.admin("/metrics").body()).as("the transport, said where fleets look")
                    .contains("portico_dataplane_transport{transport=\"" + choice.resolve().name() + "\"} 1.0");

            GatewayFixture.Response http1 = gw.get("/api/products/7");
            assertThat(http1.statusCode()).isEqualTo(200);
            assertThat(http1.body()).contains("/api/products/7");

            var h2c = gw.vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                    .setHttp2ClearTextUpgrade(false));
            int h2Status = h2c.request(new RequestOptions().setHost("127.0.0.1").setPort(gw.port())
                            .setURI("/api/products/8").setMethod(HttpMethod.GET))
                    .compose(req -> req.send().map(res -> res.version() == HttpVersion.HTTP_2 ? res.statusCode() : -1))
                    .await(10, TimeUnit.SECONDS);
            assertThat(h2Status).as("HTTP/2 without upgrade").isEqualTo(200);

            String refused = raw(gw.port(), "GET /api/products/1 HTTP/1.1\r\nHost: shop\r\nX-Big: "
                    + "a".repeat(GuardLimits.DEFAULTS.maxHeaderBytes()) + "\r\n\r\n");
            assertThat(refused).startsWith("HTTP/1.1 431 ");
        }
    }

    @Test
    void autoTakesIoUringWhereTheKernelAllowsItElseEpollElseNio() {
        Transport expected = Transport.IO_URING.available() ? Transport.IO_URING
                : Transport.EPOLL.available() ? Transport.EPOLL : Transport.NIO;
        assertThat(TransportChoice.AUTO.resolve()).isSameAs(expected);
        assertThat(TransportChoice.NIO.resolve()).isSameAs(Transport.NIO);
    }

    @Test
    void theFlagTakesItsFourSpellingsAndNamesThemWhenWrong() {
        assertThat(TransportChoice.parse("io_uring")).isEqualTo(TransportChoice.IO_URING);
        assertThat(TransportChoice.parse("auto")).isEqualTo(TransportChoice.AUTO);
        assertThatThrownBy(() -> TransportChoice.parse("iouring")).hasMessage(
                "--transport must be one of auto, io_uring, epoll, nio, got 'iouring'");
    }

    private static String raw(int port, String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            byte[] head = in.readNBytes(13);
            return new String(head, StandardCharsets.ISO_8859_1);
        }
    }
}
