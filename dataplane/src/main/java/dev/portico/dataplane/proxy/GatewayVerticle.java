package dev.portico.dataplane.proxy;

import dev.portico.dataplane.GatewayOptions;
import dev.portico.dataplane.RoutingState;
import dev.portico.dataplane.admin.GatewayMetrics;
import dev.portico.dataplane.http.ConnectionStages;
import dev.portico.dataplane.http.GuardedTransport;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocketClientOptions;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/** One event loop's share of the gateway: an HTTP server (HTTP/1.1 and h2c) and its own upstream pools. */
public final class GatewayVerticle extends VerticleBase {
    /** Upstream timeouts fire up to this late; one tick per event loop checks them all. */
    private static final long DEADLINE_TICK_MS = 10;
    /** {@code -Dportico.fastPath=false} serves every request through Vert.x (for A/B measurements). */
    private static final boolean FAST_PATH = !"false".equals(System.getProperty("portico.fastPath"));

    private final GatewayOptions options;
    private final Supplier<RoutingState> state;
    private final GatewayMetrics metrics;
    private final IntConsumer boundPort;
    private HttpServer server;
    private HttpClient client;
    private Deadlines deadlines;
    private FastLane lane;
    private ConnectionStages stages;
    private int listeningPort;

    public GatewayVerticle(GatewayOptions options, Supplier<RoutingState> state, GatewayMetrics metrics,
            IntConsumer boundPort) {
        this.options = options;
        this.state = state;
        this.metrics = metrics;
        this.boundPort = boundPort;
    }

    @Override
    public Future<?> start() {
        client = vertx.httpClientBuilder()
                .with(new HttpClientOptions().setKeepAlive(true).setKeepAliveTimeout(60)
                        .setMaxHeaderSize(64 * 1024).setTcpNoDelay(true))
                .with(new PoolOptions().setHttp1MaxSize(options.upstreamPoolSize()))
                .build();
        var webSockets = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(1024));
        ProxyContext ctx = new ProxyContext(vertx, client, webSockets, metrics, options.outliers(),
                new ErrorResponder(), deadlines = new Deadlines(vertx, DEADLINE_TICK_MS));
        HttpServerOptions serverOptions = new HttpServerOptions()
                .setHost(options.host()).setPort(options.port())
                .setHttp2ClearTextEnabled(true)
                // the guard answers above 60 KiB with JSON; Netty's own limit is only a backstop
                .setMaxHeaderSize(options.guardLimits().maxHeaderBytes() + 8 * 1024)
                .setMaxInitialLineLength(16 * 1024)
                .setHandle100ContinueAutomatically(true)
                .setTcpNoDelay(true)
                // WebSocket upgrades are tunnelled as bytes (WebSocketTunnel): no extension handler in the pipeline
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false)
                // the edge guard keeps the idle timeout without a pipeline stage; Vert.x's only without a guard
                .setIdleTimeout(GuardedTransport.guards(vertx) ? 0 : (int) options.guardLimits().idleTimeoutMs())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
        // the HTTP/1 forward path below Vert.x, on listeners whose connections get the edge guard
        stages = FAST_PATH ? GuardedTransport.stages(vertx) : null;
        if (stages != null) {
            lane = new FastLane(ctx, (ContextInternal) context, state, options.trustedHops(), options.upstreamPoolSize());
        }
        server = vertx.createHttpServer(serverOptions)
                .requestHandler(new GatewayHandler(ctx, state, options.trustedHops(),
                        options.guardLimits().maxHeaders()));
        if (lane == null) {
            server.connectionHandler(this::onConnection); // else the forward path's stage counts connections
        }
        return server.listen().onSuccess(s -> {
            listeningPort = s.actualPort();
            if (lane != null) {
                stages.register(listeningPort, ((ContextInternal) context).nettyEventLoop(), lane::newConnectionStage);
            }
            boundPort.accept(listeningPort);
        });
    }

    private void onConnection(HttpConnection connection) {
        metrics.connectionOpened();
        connection.closeHandler(v -> metrics.connectionClosed());
    }

    /** Graceful: stop accepting, let in-flight requests finish up to the drain timeout, then close. */
    @Override
    public Future<?> stop() {
        return server.shutdown(options.drainTimeoutMs(), TimeUnit.MILLISECONDS)
                .eventually(() -> {
                    if (lane != null) {
                        stages.unregister(listeningPort, ((ContextInternal) context).nettyEventLoop());
                        lane.links.close();
                    }
                    deadlines.close();
                    return client.close();
                });
    }
}
