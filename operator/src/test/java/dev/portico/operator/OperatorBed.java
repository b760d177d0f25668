package dev.portico.operator;

import dev.portico.operator.stream.BearerToken;
import dev.portico.operator.stream.RawStreamClient;
import io.vertx.core.Vertx;

import java.util.concurrent.TimeUnit;

/**
 * What most operator ITs stand on: the emulated API, an operator on loopback, and one auto-acking data
 * plane of gateway {@code default} on a raw stream.
 */
record OperatorBed(KubernetesFixture kube, PorticoOperator operator, Vertx vertx, RawStreamClient dataPlane)
        implements AutoCloseable {

    static OperatorBed start(String token) throws Exception {
        return start(token, kube -> { });
    }

    /** As {@link #start(String)}, with {@code world} put in the API before the operator starts. */
    static OperatorBed start(String token, java.util.function.Consumer<KubernetesFixture> world) throws Exception {
        KubernetesFixture kube = new KubernetesFixture();
        world.accept(kube);
        PorticoOperator operator = PorticoOperator.start(kube.client, OperatorOptions.loopback(new BearerToken(token)));
        Vertx vertx = Vertx.vertx();
        RawStreamClient dataPlane = new RawStreamClient(vertx).autoAck().open(operator.streamPort(), "Bearer " + token);
        dataPlane.hello("dp-1", "default", 0, null);
        return new OperatorBed(kube, operator, vertx, dataPlane);
    }

    /**
     * Stops the operator and its data plane and starts a fresh operator (nothing in memory) against the same API,
     * with a fresh auto-acking data plane of gateway {@code default}: a restart, or a new leader taking over.
     */
    OperatorBed restart(String token) throws Exception {
        dataPlane.close();
        KubernetesFixture.assertPartialTranslationsMatchedTheWhole(operator);
        operator.close();
        PorticoOperator fresh = PorticoOperator.start(kube.client, OperatorOptions.loopback(new BearerToken(token)));
        RawStreamClient freshDataPlane = new RawStreamClient(vertx).autoAck().open(fresh.streamPort(), "Bearer " + token);
        freshDataPlane.hello("dp-1", "default", 0, null);
        return new OperatorBed(kube, fresh, vertx, freshDataPlane);
    }

    /** Stops everything, after checking that partial translations never diverged from whole ones. */
    @Override
    public void close() throws Exception {
        dataPlane.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        KubernetesFixture.assertPartialTranslationsMatchedTheWhole(operator);
        operator.close();
        kube.close();
    }
}
