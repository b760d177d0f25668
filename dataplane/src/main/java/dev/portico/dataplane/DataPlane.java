package dev.portico.dataplane;

import dev.portico.dataplane.admin.AdminServer;
import dev.portico.dataplane.admin.GatewayMetrics;
import dev.portico.dataplane.proxy.GatewayVerticle;
import dev.portico.dataplane.routing.RouterCompiler;
import dev.portico.dataplane.tls.CertificateReloader;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import dev.portico.dataplane.http.GuardLimits;
import dev.portico.dataplane.http.GuardedTransport;
import dev.portico.dataplane.http.TransportChoice;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running data plane: gateway listeners on every event loop (cleartext, and optionally TLS with
 * its certificate rotation), the snapshot applier that feeds them, and (optionally) the admin port.
 * Start with {@link #start}, feed with {@link #applier()}{@code .apply(snapshot)}, stop with
 * {@link #shutdown()}.
 */
public final class DataPlane {
    private final Vertx vertx;
    private static final System.Logger LOG = System.getLogger(DataPlane.class.getName());

    private final SnapshotApplier applier;
    private final RouterCompiler compiler;
    private final String gateway;
    private final Promise<Integer> rehearsal = Promise.promise();
    private final GatewayMetrics metrics;
    private final AtomicBoolean shuttingDown = new AtomicBoolean();
    private final AtomicInteger port = new AtomicInteger();
    private final AtomicInteger tlsPort = new AtomicInteger(-1);
    private final CertificateReloader certificates;
    private final String host;
    private volatile boolean warmingUp;
    private AdminServer admin;
    private int adminPort = -1;
    private String deploymentId;
    private Future<Void> shutdown;

    private DataPlane(Vertx vertx, GatewayOptions options, GatewayMetrics metrics) {
        this.vertx = vertx;
        this.metrics = metrics;
        this.compiler = new RouterCompiler(options.filterFactories());
        this.gateway = options.gateway();
        this.host = options.host();
        this.applier = new SnapshotApplier(vertx, options.gateway(), compiler, metrics);
        this.certificates = options.tls() == null ? null : new CertificateReloader(vertx, options.tls().certificates());
    }

    /**
     * @param adminPort negative for no admin port, 0 for a free one
     * @return failed with an IllegalArgumentException naming the flag and file when the TLS files are refused
     */
    public static Future<DataPlane> start(Vertx vertx, GatewayOptions options, int adminPort) {
        GatewayOptions opts = knownPorts(options);
        DataPlane dp;
        try {
            GatewayMetrics metrics = new GatewayMetrics();
            metrics.transport(GuardedTransport.platformName(vertx));
            dp = new DataPlane(vertx, opts, metrics);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        return vertx.deployVerticle(
                () -> new GatewayVerticle(opts, dp.applier::state, dp.metrics, dp.port::set, dp.certificates,
                        dp.tlsPort::set),
                new DeploymentOptions().setInstances(opts.instances())).compose(id -> {
            dp.deploymentId = id;
            if (dp.certificates != null) {
                dp.certificates.start();
            }
            dp.applier.firstApplied().onSuccess(v -> dp.rehearse());
            if (adminPort < 0) {
                return Future.succeededFuture(dp);
            }
            dp.admin = new AdminServer(vertx, dp.applier, dp.metrics, dp.shuttingDown::get, dp::warmingUp);
            return dp.admin.listen(opts.host(), adminPort).map(p -> {
                dp.adminPort = p;
                return dp;
            });
        });
    }

    /** A listener shared by several event loops needs one known port, not 0; the TLS one another than cleartext's. */
    private static GatewayOptions knownPorts(GatewayOptions options) {
        if (options.instances() <= 1) {
            return options;
        }
        GatewayOptions known = options.port() == 0 ? options.withPort(freePort()) : options;
        if (known.tls() == null || known.tls().port() != 0) {
            return known;
        }
        int tls = freePort();
        while (tls == known.port()) {
            tls = freePort();
        }
        return known.withTls(known.tls().withPort(tls));
    }

    /** {@link #newVertx(GuardLimits, TransportChoice)} on the transport {@code auto} picks. */
    public static Vertx newVertx(GuardLimits limits) {
        return newVertx(limits, TransportChoice.AUTO);
    }

    /**
     * A Vert.x for a data plane: on the chosen transport, with the edge guard on every HTTP/1 connection of the
     * HTTP servers it runs (over TLS too). A named transport this machine cannot run is refused (IllegalStateException).
     */
    public static Vertx newVertx(GuardLimits limits, TransportChoice transport) {
        io.vertx.core.transport.Transport platform = transport.resolve();
        // Netty's ChannelOutboundBuffer.addMessage calls ReferenceCountUtil only for a message that is not a
        // pooled buffer, first the empty buffer a closing connection writes: loaded that late, it is an "unloaded"
        // trap in C2's compiled write path, thrown away and recompiled under load (bench/results/proxy-runtime.md).
        ReferenceCountUtil.touch(Unpooled.EMPTY_BUFFER);
        return Vertx.builder().withTransport(new GuardedTransport(limits, platform)).build();
    }

    /**
     * Once the first snapshot is served (it pays the start-up's shared one-time work: JSON codec, routing classes),
     * on a worker thread: see {@link DeltaRehearsal}. A failure is logged, never fatal.
     */
    private void rehearse() {
        vertx.executeBlocking(() -> {
            long start = System.nanoTime();
            var cpu = java.lang.management.ManagementFactory.getThreadMXBean();
            long cpuStart = cpu.getCurrentThreadCpuTime();
            int deltas = DeltaRehearsal.run(compiler, gateway);
            LOG.log(System.Logger.Level.INFO, "rehearsed {0} made-up deltas in {1} ms ({2} ms of CPU)", deltas,
                    (System.nanoTime() - start) / 1_000_000, (cpu.getCurrentThreadCpuTime() - cpuStart) / 1_000_000);
            return deltas;
        }, false)
                .onComplete(ar -> {
                    if (ar.failed()) {
                        LOG.log(System.Logger.Level.WARNING, "the start-up delta rehearsal failed; the first deltas "
                                + "may be slower", ar.cause());
                    }
                    rehearsal.tryComplete(ar.succeeded() ? ar.result() : 0);
                });
    }

    /**
     * Opens and closes {@code connections} connections to the gateway's own listener on a thread of its own (see
     * {@link ConnectionRehearsal}); {@code /readyz} answers 503 until they are through. Completes with how many
     * went through; a failure is logged, never fatal, and readiness stops waiting for it.
     */
    public Future<Integer> warmUp(int connections) {
        if (connections <= 0) {
            return Future.succeededFuture(0);
        }
        warmingUp = true;
        Promise<Integer> done = Promise.promise();
        Thread thread = new Thread(() -> {
            long start = System.nanoTime();
            int made = 0;
            try {
                made = ConnectionRehearsal.run(new InetSocketAddress(loopbackFor(host), port()), connections);
                LOG.log(System.Logger.Level.INFO, "rehearsed {0} client connections in {1} ms", made,
                        (System.nanoTime() - start) / 1_000_000);
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "the start-up connection rehearsal stopped ({0}); the first "
                        + "client connections may be slower", e.getMessage());
            } finally {
                warmingUp = false;
                done.complete(made);
            }
        }, "portico-connection-rehearsal");
        thread.setDaemon(true);
        thread.start();
        return done.future();
    }

    /** The connection rehearsal is running: not ready yet. */
    public boolean warmingUp() {
        return warmingUp;
    }

    /** Where to reach a listener bound to {@code host} from this process: loopback for a wildcard address. */
    private static InetAddress loopbackFor(String host) throws IOException {
        InetAddress bound = InetAddress.getByName(host);
        return bound.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : bound;
    }

    /** Completes, after the first snapshot is served, with the number of made-up deltas rehearsed (0 if it failed). */
    public Future<Integer> rehearsal() {
        return rehearsal.future();
    }

    public SnapshotApplier applier() {
        return applier;
    }

    public GatewayMetrics metrics() {
        return metrics;
    }

    public int port() {
        return port.get();
    }

    /** The TLS listener's port; -1 without one. */
    public int tlsPort() {
        return tlsPort.get();
    }

    public int adminPort() {
        return adminPort;
    }

    public Vertx vertx() {
        return vertx;
    }

    /**
     * As {@link #shutdown()}, but the listeners keep accepting for {@code unreadyMs} after readiness goes
     * false, so clients and balancers that poll {@code /readyz} stop sending before connections are refused.
     */
    public Future<Void> shutdown(long unreadyMs) {
        shuttingDown.set(true);
        if (unreadyMs <= 0) {
            return shutdown();
        }
        return vertx.timer(unreadyMs, TimeUnit.MILLISECONDS).compose(v -> shutdown());
    }

    /** Readiness goes false at once; listeners stop accepting and drain in-flight requests; admin closes last. */
    public synchronized Future<Void> shutdown() {
        if (shutdown == null) {
            shuttingDown.set(true);
            if (certificates != null) {
                certificates.stop();
            }
            Future<Void> gateway = deploymentId == null ? Future.succeededFuture() : vertx.undeploy(deploymentId);
            shutdown = gateway.eventually(() -> admin == null ? Future.succeededFuture() : admin.close());
        }
        return shutdown;
    }

    public boolean shuttingDown() {
        return shuttingDown.get();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port for the gateway listener", e);
        }
    }
}
