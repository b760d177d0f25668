package dev.portico.dataplane.proxy;

import dev.portico.dataplane.GatewayOptions;
import dev.portico.dataplane.RoutingState;
import dev.portico.dataplane.admin.GatewayMetrics;
import dev.portico.dataplane.http.ConnectionStages;
import dev.portico.dataplane.http.GuardedTransport;
import dev.portico.dataplane.tls.CertificateReloader;
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

/**
 * One event loop's share of the gateway: an HTTP server (HTTP/1.1 and h2c), with TLS options a second one
 * (HTTPS: HTTP/2 by ALPN, else HTTP/1.1) on the same handler, and its own upstream pools.
 */
public final class GatewayVerticle extends VerticleBase {
    /** Upstream timeouts fire up to this late; one tick per event loop checks them all. */
    private static final long DEADLINE_TICK_MS = 10;
    /** {@code -Dportico.fastPath=false} serves every request through Vert.x (for A/B measurements). */
    private static final boolean FAST_PATH = !"false".equals(System.getProperty("portico.fastPath"));

    private final GatewayOptions options;
    private final Supplier<RoutingState> state;
    private final GatewayMetrics metrics;
    private final IntConsumer boundPort;
    private final CertificateReloader certificates;
    private final IntConsumer boundTlsPort;
    private HttpServer server;
    private HttpServer tlsServer;
    private HttpClient client;
    private Deadlines deadlines;
    private FastLane lane;
    private ConnectionStages stages;
    private int listeningPort;

    /** @param certificates the TLS listener's pair and its rotation; null without {@code options.tls()} */
    public GatewayVerticle(GatewayOptions options, Supplier<RoutingState> state, GatewayMetrics metrics,
            IntConsumer boundPort, CertificateReloader certificates, IntConsumer boundTlsPort) {
        this.options = options;
        this.state = state;
        this.metrics = metrics;
        this.boundPort = boundPort;
        this.certificates = certificates;
        this.boundTlsPort = boundTlsPort;
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
                new ErrorResponder(), deadlines = new Deadlines(vertx, DEADLINE_TICK_MS), options.accessLog());
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
        GatewayHandler handler = new GatewayHandler(ctx, state, options.trustedHops(),
                options.guardLimits().maxHeaders());
        server = vertx.createHttpServer(serverOptions).requestHandler(handler);
        if (lane == null) {
            server.connectionHandler(this::onConnection); // else the forward path's stage counts connections
        }
        Future<?> cleartext = server.listen().onSuccess(s -> {
            listeningPort = s.actualPort();
            if (lane != null) {
                stages.register(listeningPort, ((ContextInternal) context).nettyEventLoop(), lane::newConnectionStage);
            }
            boundPort.accept(listeningPort);
        });
        return certificates == null ? cleartext : Future.all(cleartext, listenTls(serverOptions, handler));
    }

    /**
     * HTTPS on the same handler. Its requests go through Vert.x, not the HTTP/1 forward path (FastLane):
     * that stage reads cleartext bytes and registers for the cleartext port only.
     */
    private Future<HttpServer> listenTls(HttpServerOptions cleartext, GatewayHandler handler) {
        HttpServerOptions tls = new HttpServerOptions(cleartext).setPort(options.tls().port())
                .setHttp2ClearTextEnabled(false)
                .setSsl(true).setUseAlpn(true).setKeyCertOptions(certificates.current().keyCertOptions())
                .setSni(certificates.current().bySni())
                // the guard and its idle watch sit on HTTP/1.1 connections only: Vert.x's timeout covers them all
                .setIdleTimeout((int) options.guardLimits().idleTimeoutMs());
        tlsServer = vertx.createHttpServer(tls).requestHandler(handler).connectionHandler(this::onConnection);
        return tlsServer.listen().onSuccess(s -> {
            certificates.serve(s, tls.getSslOptions());
            boundTlsPort.accept(s.actualPort());
        });
    }

    private void onConnection(HttpConnection connection) {
        metrics.connectionOpened();
        connection.closeHandler(v -> metrics.connectionClosed());
    }

    /** Graceful: stop accepting, let in-flight requests finish up to the drain timeout, then close. */
    @Override
    public Future<?> stop() {
        Future<Void> tls = Future.succeededFuture();
        if (tlsServer != null) {
            certificates.stopServing(tlsServer);
            tls = tlsServer.shutdown(options.drainTimeoutMs(), TimeUnit.MILLISECONDS);
        }
        return Future.join(server.shutdown(options.drainTimeoutMs(), TimeUnit.MILLISECONDS), tls)
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
