package dev.portico.sandbox;

import dev.portico.api.v1alpha1.GatewayRoute;
import dev.portico.apiserver.EmulatedApiServer;
import dev.portico.operator.OperatorOptions;
import dev.portico.operator.PorticoOperator;
import dev.portico.operator.ops.LeaseNamespace;
import dev.portico.operator.stream.BearerToken;
import dev.portico.sandbox.demo.DemoShop;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The whole system on one machine: emulated API, operator, data planes, demo shop. Starts them in
 * dependency order and stops them in reverse.
 */
public final class Sandbox implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Sandbox.class.getName());

    private final SandboxOptions options;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final List<DataPlaneProcess> dataPlanes = new ArrayList<>();
    private EmulatedApiServer api;
    /** One client for the sandbox's own calls: each {@code api.client()} opens a new one. */
    private KubernetesClient client;
    private PorticoOperator operator;
    private DemoShop shop;
    private Path kubeconfig;
    private Path tokenFile;

    private Sandbox(SandboxOptions options) {
        this.options = options;
    }

    public static Sandbox start(SandboxOptions options) throws Exception {
        Sandbox sandbox = new Sandbox(options);
        try {
            sandbox.begin();
        } catch (Exception e) {
            sandbox.close();
            throw e;
        }
        return sandbox;
    }

    private void begin() throws Exception {
        Path dir = options.dir().toAbsolutePath();
        Files.createDirectories(dir);
        tokenFile = writeToken(dir.resolve("stream-token"));
        // a data plane JVM takes ~2 s to boot: with the stream port known, it boots while the rest starts,
        // reconnecting (100 ms backoff, doubling) until the operator listens
        boolean earlyDataPlanes = options.dataplane() && options.operator() && options.streamPort() != 0;
        if (earlyDataPlanes) {
            startDataPlanes(options.streamPort());
        }
        api = EmulatedApiServer.start("127.0.0.1", options.apiPort());
        started.add(api);
        kubeconfig = api.writeKubeconfig(dir.resolve("kubeconfig"));
        client = api.client();
        ShopManifests.installCrds(client);

        if (options.operator()) {
            // as installed: in portico-system, holding the Lease, so that an operator run by hand against the
            // sandbox stands by instead of writing status from data planes it does not have
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata()
                    .withName(LeaseNamespace.INSTALL).endMetadata().build()).create();
            operator = PorticoOperator.start(client,
                    OperatorOptions.loopback(BearerToken.fromFile(tokenFile)).withPorts(options.streamPort(), 0)
                            .withLeaderElection(true, LeaseNamespace.INSTALL)
                            // a laptop under load can stall a JVM for a second: do not drop data planes for it
                            .withHeartbeat(Duration.ofSeconds(5)));
            started.add(operator);
            if (!operator.awaitLeading(Duration.ofSeconds(30))) {
                throw new IllegalStateException("the sandbox's operator did not win the Lease "
                        + LeaseNamespace.INSTALL + "/" + OperatorOptions.DEFAULT_LEASE_NAME + " within 30 s");
            }
        }
        if (options.demo()) {
            Vertx vertx = Vertx.vertx();
            started.add(() -> vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS));
            shop = DemoShop.start(vertx, "127.0.0.1").toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            started.add(shop);
            ShopManifests.installShop(client);
            started.add(DemoEndpoints.start(client, shop));
        }
        if (options.dataplane() && !earlyDataPlanes) {
            if (operator == null) {
                LOG.log(System.Logger.Level.WARNING, "data planes without an operator wait for a control plane at "
                        + "127.0.0.1:" + options.streamPort());
            }
            startDataPlanes(operator != null ? operator.streamPort() : options.streamPort());
        }
    }

    private void startDataPlanes(int streamPort) throws IOException {
        String controlPlane = "http://127.0.0.1:" + streamPort;
        Path dir = options.dir().toAbsolutePath();
        SandboxCertificate certificate = options.httpsPort() == 0 ? null : SandboxCertificate.inFolder(dir);
        for (int i = 0; i < options.dataplanes(); i++) {
            DataPlaneProcess.Https https = certificate == null ? null
                    : new DataPlaneProcess.Https(options.httpsPort() + i, certificate);
            DataPlaneProcess dp = DataPlaneProcess.start("sandbox-dataplane-" + (i + 1), controlPlane, tokenFile,
                    options.host(), options.gatewayPort() + i, options.adminPort() + i, dir, options.redis(), https);
            dataPlanes.add(dp); // stopped first in close(), wherever they started
        }
    }

    /** Blocks until every data plane serves and every route is Programmed, or the timeout passes. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (DataPlaneProcess dp : dataPlanes) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            if (!dp.awaitReady(left)) {
                LOG.log(System.Logger.Level.ERROR, dp.node() + " is not ready; see " + dp.log());
                return false;
            }
        }
        if (operator == null || dataPlanes.isEmpty()) {
            return true;
        }
        while (System.nanoTime() < deadline) {
            List<GatewayRoute> routes = client.resources(GatewayRoute.class).inAnyNamespace().list().getItems();
            if (routes.stream().allMatch(Sandbox::programmed)) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static boolean programmed(GatewayRoute route) {
        if (route.getStatus() == null || route.getStatus().getConditions() == null) {
            return false;
        }
        return route.getStatus().getConditions().stream()
                .anyMatch(c -> "Programmed".equals(c.getType()) && "True".equals(c.getStatus())
                        && route.getMetadata().getGeneration().equals(c.getObservedGeneration()));
    }

    private static Path writeToken(Path file) throws IOException {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, HexFormat.of().formatHex(secret) + "\n");
        return file;
    }

    public EmulatedApiServer api() {
        return api;
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    public Path tokenFile() {
        return tokenFile;
    }

    public PorticoOperator operator() {
        return operator;
    }

    public DemoShop shop() {
        return shop;
    }

    public List<Integer> gatewayPorts() {
        return dataPlanes.stream().map(DataPlaneProcess::port).toList();
    }

    /** The data planes' HTTPS ports; empty without {@code --https-port}. */
    public List<Integer> httpsPorts() {
        return dataPlanes.stream().map(DataPlaneProcess::httpsPort).filter(p -> p != 0).toList();
    }

    public List<Integer> adminPorts() {
        return dataPlanes.stream().map(DataPlaneProcess::adminPort).toList();
    }

    SandboxOptions options() {
        return options;
    }

    List<DataPlaneProcess> dataPlanes() {
        return dataPlanes;
    }

    @Override
    public synchronized void close() {
        List<AutoCloseable> order = new ArrayList<>(dataPlanes); // first, even if started first: no reconnect noise
        for (int i = started.size() - 1; i >= 0; i--) {
            order.add(started.get(i));
        }
        for (AutoCloseable part : order) {
            try {
                part.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "while stopping the sandbox: " + e.getMessage());
            }
        }
        started.clear();
    }
}
