package dev.portico.operator;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP relay in front of the emulated API, for one replica's client: it can shut (connections refused,
 * open ones closed) and open again on the same port, or answer Lease requests 403 as RBAC would. Plain
 * requests only: no watches, so a replica behind it may stand by but not lead.
 */
final class ApiGate implements AutoCloseable {
    private static final Map<String, String> VERBS = Map.of("GET", "get", "POST", "create", "PUT", "update");
    // what each hop sets for itself
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "transfer-encoding", "host");

    private final Vertx vertx;
    private final HttpClient upstream;
    private final int apiPort;
    private final int port;
    private volatile boolean forbidLeases;
    private HttpServer server;

    ApiGate(Vertx vertx, int apiPort) throws Exception {
        this.vertx = vertx;
        this.upstream = vertx.createHttpClient();
        this.apiPort = apiPort;
        server = listen(0);
        port = server.actualPort();
    }

    private HttpServer listen(int onPort) throws Exception {
        return vertx.createHttpServer().requestHandler(this::relay).listen(onPort, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private void relay(HttpServerRequest in) {
        if (forbidLeases && in.path().startsWith("/apis/coordination.k8s.io/")) {
            String verb = VERBS.getOrDefault(in.method().name(), in.method().name().toLowerCase(Locale.ROOT));
            String message = "leases.coordination.k8s.io is forbidden: User \"system:serviceaccount:portico-system:"
                    + "portico-operator\" cannot " + verb + " resource \"leases\" in API group \"coordination.k8s.io\"";
            in.response().setStatusCode(403).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(new JsonObject().put("kind", "Status").put("apiVersion", "v1").put("status", "Failure")
                            .put("reason", "Forbidden").put("code", 403).put("message", message).encode());
            return;
        }
        in.body().compose(body -> upstream.request(in.method(), apiPort, "127.0.0.1", in.uri()).compose(out -> {
            copyHeaders(in.headers(), out.headers());
            return out.send(body);
        })).compose(answer -> answer.body().map(body -> {
            in.response().setStatusCode(answer.statusCode());
            copyHeaders(answer.headers(), in.response().headers());
            return body;
        })).onSuccess(body -> in.response().end(body)).onFailure(e -> in.response().setStatusCode(502).end());
    }

    private static void copyHeaders(MultiMap from, MultiMap to) {
        from.forEach((name, value) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                to.add(name, value);
            }
        });
    }

    /** A client of the API through this gate, without retries (the emulated API's own clients have none). */
    KubernetesClient client() {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(url()).withNamespace("default")
                .withOauthToken("gate-token-not-a-secret").withRequestRetryBackoffLimit(0).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Stops listening and closes every open connection: the API is gone for whoever comes through here. */
    void shut() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** Listens again, on the same port. */
    void reopen() throws Exception {
        server = listen(port);
    }

    void forbidLeases(boolean forbid) {
        forbidLeases = forbid;
    }

    @Override
    public void close() throws Exception {
        shut();
        upstream.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
