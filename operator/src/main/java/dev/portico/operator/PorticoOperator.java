package dev.portico.operator;

import dev.portico.operator.ops.LeaderLease;
import dev.portico.operator.ops.LeaseNamespace;
import dev.portico.operator.ops.LeaseStanding;
import dev.portico.operator.ops.OperatorMetrics;
import dev.portico.operator.ops.OpsServer;
import dev.portico.operator.stream.SnapshotPublisher;
import dev.portico.operator.stream.SnapshotStreamServer;
import dev.portico.operator.stream.StreamMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;

import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The operator as a library: {@link #start} runs it in-process (the sandbox and the tests do so) and
 * {@link #close} stops it. With leader election the controllers and the stream start only once the Lease
 * is held; the metrics port answers from the start.
 */
public final class PorticoOperator implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PorticoOperator.class.getName());
    private static final Path POD_NAMESPACE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

    private final KubernetesClient client;
    private final OperatorOptions options;
    private final Vertx vertx = Vertx.vertx();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final OperatorMetrics metrics = new OperatorMetrics(registry);
    private final StreamMetrics streamMetrics = new StreamMetrics(registry);
    private final OpsServer ops;
    private volatile ControlPlane controlPlane;
    private volatile LeaderLease lease;
    private volatile LeaseStanding standing;
    private final CompletableFuture<Void> firstLead = new CompletableFuture<>();
    private volatile boolean closed;
    private int metricsPort = -1;

    private PorticoOperator(KubernetesClient client, OperatorOptions options) {
        this.client = client;
        this.options = options;
        this.ops = new OpsServer(vertx, registry, this::unready);
        metrics.leader(() -> controlPlane == null ? 0 : 1);
    }

    /**
     * Starts the operator. Without leader election it returns once the caches are synced and the stream
     * listens; with it, at once (the controllers start when the Lease is won).
     */
    public static PorticoOperator start(KubernetesClient client, OperatorOptions options) throws Exception {
        PorticoOperator operator = new PorticoOperator(client, options);
        try {
            operator.begin();
        } catch (Exception e) {
            operator.close();
            throw e;
        }
        return operator;
    }

    private void begin() throws Exception {
        if (options.metricsPort() >= 0) {
            metricsPort = ops.start(options.bindHost(), options.metricsPort()).toCompletionStage()
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
            LOG.log(Level.INFO, "metrics on port {0}", String.valueOf(metricsPort));
        }
        if (!options.leaderElection()) {
            controlPlane = ControlPlane.start(client, vertx, options, metrics, streamMetrics);
            return;
        }
        // the Lease's namespace is chosen once: asked again after a lost lease, an API out of reach picks another
        standing = new LeaseStanding(client.getMasterUrl().toString(), leaseNamespace(), options.leaseName(),
                metrics);
        contend();
    }

    private synchronized void lead() {
        if (closed) {
            return;
        }
        standing.lead();
        try {
            controlPlane = ControlPlane.start(client, vertx, options, metrics, streamMetrics);
            firstLead.complete(null);
        } catch (Exception e) {
            LOG.log(Level.ERROR, "cannot start the controllers after winning the lease; giving it up", e);
            if (lease != null) {
                lease.close(); // a leader that cannot serve must let a standby take over
            }
        }
    }

    private synchronized void follow() {
        standing.follow();
        ControlPlane current = controlPlane;
        controlPlane = null;
        if (current != null) {
            LOG.log(Level.WARNING, "lost the lease: stopping controllers and snapshot stream");
            current.close();
        }
        if (!closed) {
            contend(); // a replica that lost the lease stands by again instead of idling forever
        }
    }

    private synchronized void contend() {
        lease = LeaderLease.acquire(client, standing, this::lead, this::follow);
    }

    private String leaseNamespace() {
        String pod = null;
        try {
            pod = Files.exists(POD_NAMESPACE) ? Files.readString(POD_NAMESPACE).strip() : null;
        } catch (java.io.IOException e) {
            LOG.log(Level.WARNING, "cannot read {0}: {1}", POD_NAMESPACE, e.getMessage());
        }
        return LeaseNamespace.choose(options.leaseNamespace(), pod, options.namespace(), this::namespaceExists);
    }

    private boolean namespaceExists(String name) {
        try {
            return client.namespaces().withName(name).get() != null;
        } catch (KubernetesClientException e) {
            return false; // not allowed to look: as good as absent
        }
    }

    /**
     * Waits until this replica leads, its caches synced and its stream listening.
     *
     * @return false when another replica holds the Lease all along
     */
    public boolean awaitLeading(Duration timeout) throws InterruptedException {
        if (!options.leaderElection()) {
            return true;
        }
        try {
            firstLead.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Leading, stream listening, first world published. */
    public boolean ready() {
        ControlPlane current = controlPlane;
        return current != null && current.serving();
    }

    /** Why /readyz answers 503, in one line; null when ready. */
    private String unready() {
        if (ready()) {
            return null;
        }
        if (controlPlane != null) {
            return "the first snapshot is not published yet";
        }
        LeaseStanding current = standing;
        return current == null || current.leading() ? "the controllers are starting" : current.standby();
    }

    /** The stream's bound port; -1 while this replica does not lead. */
    public int streamPort() {
        ControlPlane current = controlPlane;
        return current == null ? -1 : current.streamPort();
    }

    public int metricsPort() {
        return metricsPort;
    }

    /** The snapshot stream of the leader, or null. */
    public SnapshotStreamServer stream() {
        ControlPlane current = controlPlane;
        return current == null ? null : current.stream();
    }

    /** The version store of the leader, or null. */
    public SnapshotPublisher publisher() {
        ControlPlane current = controlPlane;
        return current == null ? null : current.publisher();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (controlPlane != null) {
            controlPlane.close();
            controlPlane = null;
        }
        if (standing != null) {
            standing.close();
        }
        if (lease != null) {
            lease.close();
        }
        try {
            ops.stop().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "operator did not stop cleanly: {0}", e.getMessage());
        }
    }
}
