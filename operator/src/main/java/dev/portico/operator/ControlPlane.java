package dev.portico.operator;

import dev.portico.operator.ops.OperatorMetrics;
import dev.portico.operator.status.RejectionEvents;
import dev.portico.operator.status.StatusBoard;
import dev.portico.operator.status.StatusFactory;
import dev.portico.operator.stream.SnapshotPublisher;
import dev.portico.operator.stream.SnapshotStreamServer;
import dev.portico.operator.stream.StreamMetrics;
import dev.portico.operator.stream.StreamServerOptions;
import dev.portico.operator.watch.GatewayRouteReconciler;
import dev.portico.operator.watch.RateLimitPolicyReconciler;
import dev.portico.operator.watch.StatusTriggers;
import dev.portico.operator.watch.WatchContext;
import dev.portico.operator.watch.WorldCache;
import dev.portico.operator.watch.WorldCompiler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.vertx.core.Vertx;

import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;

/**
 * What runs only on the leader: the JOSDK controllers, the translation loop and the snapshot stream.
 * Started whole and stopped whole.
 */
final class ControlPlane implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ControlPlane.class.getName());

    private final Operator operator;
    private final WorldCompiler compiler;
    private final SnapshotStreamServer stream;
    private final SnapshotPublisher publisher;
    private final int streamPort;

    private ControlPlane(Operator operator, WorldCompiler compiler, SnapshotStreamServer stream,
            SnapshotPublisher publisher, int streamPort) {
        this.operator = operator;
        this.compiler = compiler;
        this.stream = stream;
        this.publisher = publisher;
        this.streamPort = streamPort;
    }

    static ControlPlane start(KubernetesClient client, Vertx vertx, OperatorOptions options,
            OperatorMetrics metrics, StreamMetrics streamMetrics) throws Exception {
        SnapshotPublisher publisher = new SnapshotPublisher(options.clock(), SnapshotPublisher.DEFAULT_RETAINED);
        SnapshotStreamServer stream = new SnapshotStreamServer(vertx, publisher,
                StreamServerOptions.of(options.bindHost(), options.streamPort(), options.token())
                        .withHeartbeat(options.heartbeat()).withDebounce(options.debounce()),
                streamMetrics, options.clock());
        StatusBoard board = new StatusBoard();
        StatusTriggers triggers = new StatusTriggers(board);
        WorldCache cache = new WorldCache();
        WorldCompiler compiler = new WorldCompiler(cache, publisher, board, options.debounce(), metrics,
                triggers::changed);
        // -Dportico.verifyPartialTranslation=true: translate the whole world after every partial one, and compare
        compiler.verifyEveryChange(Boolean.getBoolean("portico.verifyPartialTranslation"));
        metrics.divergences(compiler::divergences);
        metrics.rehearsedChanges(compiler::rehearsedChanges);
        metrics.idlePasses(compiler::idlePasses);
        stream.onNodeChange(triggers::nodeChanged);
        WatchContext watch = new WatchContext(cache, compiler, board, triggers, stream::nodes,
                new StatusFactory(options.clock()), new RejectionEvents(client, options.clock()), metrics);

        Operator operator = new Operator(o -> o.withKubernetesClient(client)
                .withUseSSAToPatchPrimaryResource(false) // merge-patch status: the Fabric8 mock refuses SSA
                .withCloseClientOnStop(false)
                .checkingCRDAndValidateLocalModel(false));
        GatewayRouteReconciler routes = new GatewayRouteReconciler(watch);
        operator.register(routes, o -> configure(o, options).withOnUpdateFilter(routes::worthReconciling));
        RateLimitPolicyReconciler policies = new RateLimitPolicyReconciler(watch);
        operator.register(policies, o -> configure(o, options).withOnUpdateFilter(policies::worthReconciling));
        int port = stream.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        try {
            operator.start(); // returns once every informer has synced
        } catch (RuntimeException e) {
            compiler.close();
            stream.stop();
            operator.stop();
            throw e;
        }
        compiler.arm();
        LOG.log(Level.INFO, "controllers started; snapshot stream on port {0}", String.valueOf(port));
        return new ControlPlane(operator, compiler, stream, publisher, port);
    }

    /** Status patches that lose a race with a user's write are retried within milliseconds, not seconds. */
    private static <R extends HasMetadata> ControllerConfigurationOverrider<R> configure(
            ControllerConfigurationOverrider<R> controller, OperatorOptions options) {
        controller.withRetry(new GenericRetry().setInitialInterval(50).setIntervalMultiplier(2).setMaxInterval(5_000)
                .setMaxAttempts(20));
        if (options.namespace() != null) {
            controller.settingNamespaces(options.namespace());
        }
        return controller;
    }

    int streamPort() {
        return streamPort;
    }

    SnapshotStreamServer stream() {
        return stream;
    }

    SnapshotPublisher publisher() {
        return publisher;
    }

    /** Serving means the stream is up and the first world has been published. */
    boolean serving() {
        return publisher.initialized();
    }

    @Override
    public void close() {
        compiler.close();
        try {
            stream.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "snapshot stream did not stop cleanly: {0}", e.getMessage());
        }
        try {
            operator.stop();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "controllers did not stop cleanly: {0}", e.getMessage());
        }
    }
}
