package dev.portico.operator;

import dev.portico.api.v1alpha1.GatewayRoute;
import dev.portico.operator.stream.BearerToken;
import dev.portico.operator.stream.RawStreamClient;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static dev.portico.operator.KubernetesFixture.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code --namespace shop}: routes elsewhere are neither served nor given a status. */
class NamespacedOperatorIT {
    private static final String TOKEN = "namespaced-token";

    @Test
    void anOperatorWatchingOneNamespaceLeavesTheOthersAlone() throws Exception {
        try (KubernetesFixture kube = new KubernetesFixture();
                PorticoOperator operator = PorticoOperator.start(kube.client,
                        OperatorOptions.loopback(new BearerToken(TOKEN)).withNamespace(NS))) {
            Vertx vertx = Vertx.vertx();
            try (RawStreamClient dataPlane = new RawStreamClient(vertx).autoAck()
                    .open(operator.streamPort(), "Bearer " + TOKEN)) {
                dataPlane.hello("dp-1", "default", 0, null);
                GatewayRoute elsewhere = kube.route("other", "/api/other", "users");
                elsewhere.getMetadata().setNamespace("default");
                kube.client.resources(GatewayRoute.class).inNamespace("default").resource(elsewhere).create();
                kube.apply(kube.route("shop", "/api/users", "users"));

                await().atMost(Duration.ofSeconds(20)).until(() -> dataPlane.held() != null
                        && dataPlane.held().routesById().containsKey(NS + "/shop"));
                await().atMost(Duration.ofSeconds(20)).until(() -> kube.stored("shop").getStatus() != null);
                assertThat(dataPlane.held().routesById()).doesNotContainKey("default/other");
                assertThat(kube.client.resources(GatewayRoute.class).inNamespace("default").withName("other").get()
                        .getStatus()).isNull();
            } finally {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        }
    }
}
