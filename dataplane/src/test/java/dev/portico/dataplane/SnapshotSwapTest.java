package dev.portico.dataplane;

import static dev.portico.dataplane.Snapshots.cluster;
import static dev.portico.dataplane.Snapshots.match;
import static dev.portico.dataplane.Snapshots.route;
import static dev.portico.dataplane.Snapshots.ruleBuilder;
import static dev.portico.dataplane.Snapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portico.dataplane.routing.InvalidSnapshotException;
import dev.portico.snapshot.Cluster;
import dev.portico.snapshot.HeaderModifier;
import dev.portico.snapshot.PathMatch;
import dev.portico.snapshot.Route;
import dev.portico.snapshot.Snapshot;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Hitless swaps: requests in flight keep their router, new ones take the new one, nothing fails. */
class SnapshotSwapTest {
    private static final String T = "2024-01-01T00:00:00Z";
    private static GatewayFixture gw;
    private static TestBackend a;
    private static TestBackend b;
    private static TestBackend c;
    private static TestBackend hold;

    @BeforeAll
    static void start() {
        gw = new GatewayFixture();
        a = gw.own(TestBackend.echo(gw.vertx, "a"));
        b = gw.own(TestBackend.echo(gw.vertx, "b"));
        c = gw.own(TestBackend.echo(gw.vertx, "c"));
        hold = gw.own(TestBackend.start(gw.vertx, "hold",
                req -> gw.vertx.setTimer(600, t -> req.response().end("held"))));
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    private static Snapshot version(long v, boolean withHold, boolean threeEndpoints) {
        List<Route> routes = new ArrayList<>();
        routes.add(route("ns", "load", T, List.of(), ruleBuilder("load").matches(
                match(PathMatch.Type.PathPrefix, "/load")).backend("abc", 1).build()));
        routes.add(route("ns", "extra-" + v, T, List.of(), ruleBuilder("extra").matches(
                match(PathMatch.Type.Exact, "/extra/" + v)).backend("abc", 1).build()));
        if (withHold) {
            routes.add(route("ns", "hold", T, List.of(), ruleBuilder("hold").matches(
                    match(PathMatch.Type.PathPrefix, "/hold")).backend("hold", 1).build()));
        }
        List<Cluster> clusters = List.of(
                threeEndpoints ? cluster("abc", a.port(), b.port(), c.port()) : cluster("abc", a.port(), b.port()),
                cluster("hold", hold.port()));
        return snapshot(v, routes, clusters);
    }

    @Test
    void hundredSwapsUnderSteadyConcurrentLoadFailNoRequest() throws Exception {
        gw.apply(version(1, false, false));
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<String> failures = new ArrayList<>();
        List<CompletableFuture<Void>> loops = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            loops.add(done);
            gw.vertx.runOnContext(v -> loop(running, ok, failed, failures, done));
        }
        for (int v = 2; v <= 101; v++) {
            int before = ok.get() + failed.get();
            gw.apply(version(v, false, v % 2 == 0));
            // every swap lands among requests in flight, however slow this machine is today
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> ok.get() + failed.get() > before);
        }
        running.set(false);
        CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertThat(failures).isEmpty();
        assertThat(failed.get()).isZero();
        assertThat(ok.get()).isGreaterThan(100);
        assertThat(gw.dataPlane.applier().current().version()).isEqualTo(101);
    }

    private static void loop(AtomicBoolean running, AtomicInteger ok, AtomicInteger failed, List<String> failures,
            CompletableFuture<Void> done) {
        if (!running.get()) {
            done.complete(null);
            return;
        }
        gw.client().request(new RequestOptions().setHost("127.0.0.1").setPort(gw.port()).setURI("/load/x")
                .setMethod(HttpMethod.GET))
                .compose(req -> req.send().compose(res -> res.body().map(body -> res.statusCode())))
                .onComplete(ar -> {
                    if (ar.succeeded() && ar.result() == 200) {
                        ok.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                        synchronized (failures) {
                            failures.add(ar.succeeded() ? "status " + ar.result() : String.valueOf(ar.cause()));
                        }
                    }
                    loop(running, ok, failed, failures, done);
                });
    }

    @Test
    void aRequestInFlightFinishesOnTheRouterItStartedWith() throws Exception {
        gw.apply(version(200, true, false));
        Future<Integer> inFlight = gw.client().request(new RequestOptions().setHost("127.0.0.1").setPort(gw.port())
                .setURI("/hold/1")).compose(req -> req.send().compose(res -> res.body().map(x -> res.statusCode())));
        org.awaitility.Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> hold.hits() > 0);
        gw.apply(version(201, false, false));
        assertThat(inFlight.await(10, TimeUnit.SECONDS)).isEqualTo(200);
        assertThat(gw.get("/hold/2").statusCode()).isEqualTo(404);
    }

    @Test
    void anInvalidSnapshotIsRefusedWithItsReasonAndTheOldOneKeepsServing() {
        gw.apply(version(300, false, false));
        Snapshot broken = snapshot(301, List.of(route("shop", "bad", T, List.of(), ruleBuilder("oops").matches(
                match(PathMatch.Type.RegularExpression, "/(")).backend("abc", 1).build())),
                List.of(cluster("abc", a.port())));
        assertThatThrownBy(() -> gw.dataPlane.applier().apply(broken).await(10, TimeUnit.SECONDS))
                .isInstanceOf(InvalidSnapshotException.class).hasMessageContaining("route shop/bad rule oops");
        assertThat(gw.dataPlane.applier().current().version()).isEqualTo(300);
        assertThat(gw.get("/load/y").statusCode()).isEqualTo(200);
        Snapshot otherGateway = new Snapshot("other", 302, List.of(), List.of());
        assertThatThrownBy(() -> gw.dataPlane.applier().apply(otherGateway).await(10, TimeUnit.SECONDS))
                .hasMessageContaining("gateway \"other\"");
    }

    @Test
    void aHeaderEditTheWireCannotCarryIsRefusedNamingTheFieldAndTheOldSnapshotKeepsServing() {
        gw.apply(version(310, false, false));
        Snapshot injecting = snapshot(311, List.of(route("ns", "load", T, List.of(), ruleBuilder("load").matches(
                match(PathMatch.Type.PathPrefix, "/load")).backend("abc", 1)
                .requestHeaders(new HeaderModifier(List.of(new HeaderModifier.Header("X-A", "a\r\nX-Injected: 1")),
                        List.of(), List.of())).build())), List.of(cluster("abc", a.port())));
        Snapshot nul = snapshot(312, List.of(route("ns", "load", T, List.of(), ruleBuilder("load").matches(
                match(PathMatch.Type.PathPrefix, "/load")).backend("abc", 1)
                .responseHeaders(new HeaderModifier(List.of(), List.of(new HeaderModifier.Header("X-B", "b\0c")),
                        List.of())).build())), List.of(cluster("abc", a.port())));
        Snapshot spacedName = snapshot(313, List.of(route("ns", "load", T, List.of(), ruleBuilder("load").matches(
                match(PathMatch.Type.PathPrefix, "/load")).backend("abc", 1)
                .responseHeaders(new HeaderModifier(List.of(), List.of(), List.of("X Powered-By"))).build())),
                List.of(cluster("abc", a.port())));

        assertThatThrownBy(() -> gw.dataPlane.applier().apply(injecting).await(10, TimeUnit.SECONDS))
                .isInstanceOf(InvalidSnapshotException.class)
                .hasMessageStartingWith("route ns/load rule load: requestHeaders.set[0].value (X-A) "
                        + "\"a\\r\\nX-Injected: 1\" is not an HTTP field value: control character 0x0D at index 1")
                .message().doesNotContain("\r", "\n");
        assertThatThrownBy(() -> gw.dataPlane.applier().apply(nul).await(10, TimeUnit.SECONDS))
                .isInstanceOf(InvalidSnapshotException.class)
                .hasMessageStartingWith("route ns/load rule load: responseHeaders.add[0].value (X-B) \"b\\x00c\"");
        assertThatThrownBy(() -> gw.dataPlane.applier().apply(spacedName).await(10, TimeUnit.SECONDS))
                .isInstanceOf(InvalidSnapshotException.class)
                .hasMessageStartingWith("route ns/load rule load: responseHeaders.remove[0] \"X Powered-By\" "
                        + "is not an HTTP field name");

        assertThat(gw.dataPlane.applier().current().version()).isEqualTo(310);
        for (int i = 0; i < 5; i++) {
            GatewayFixture.Response served = gw.get("/load/y");
            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(served.header("X-Injected")).isNull();
        }
    }

    @Test
    void endpointStateSurvivesSwapsThatKeepTheEndpoint() {
        gw.apply(version(400, false, false));
        var before = gw.dataPlane.applier().state().endpoints().cluster("abc").endpoints().get(0);
        gw.apply(version(401, false, true));
        var after = gw.dataPlane.applier().state().endpoints().cluster("abc").endpoints().stream()
                .filter(e -> e.endpoint().equals(before.endpoint())).findFirst().orElseThrow();
        assertThat(after).isSameAs(before);
    }
}
