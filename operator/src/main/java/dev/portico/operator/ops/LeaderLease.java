package dev.portico.operator.ops;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;

import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Leader election on a {@code coordination.k8s.io/v1} Lease: only the holder translates, writes status and
 * serves the snapshot stream; the others wait, ready to take over when the lease expires.
 */
public final class LeaderLease implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LeaderLease.class.getName());
    // The elector warns, with a stack trace, at every failed retry; LeaseStanding says it once instead. Held
    // here so that the level outlives a garbage collection of java.util.logging's weakly held loggers.
    private static final java.util.logging.Logger ELECTOR_LOG =
            java.util.logging.Logger.getLogger(LeaderElector.class.getName());

    static {
        ELECTOR_LOG.setLevel(java.util.logging.Level.SEVERE);
    }

    private final CompletableFuture<?> running;

    private LeaderLease(CompletableFuture<?> running) {
        this.running = running;
    }

    public static LeaderLease acquire(KubernetesClient client, LeaseStanding standing, Runnable onLead,
            Runnable onLoss) {
        String identity = identity();
        String namespace = standing.namespace();
        String name = standing.name();
        LOG.log(Level.INFO, "{0} waits for lease {1}/{2}", identity, namespace, name);
        var config = new LeaderElectionConfigBuilder().withName(name)
                .withLock(standing.watch(new LeaseLock(namespace, name, identity)))
                .withLeaseDuration(Duration.ofSeconds(15)).withRenewDeadline(Duration.ofSeconds(10))
                .withRetryPeriod(Duration.ofSeconds(2)).withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(onLead, onLoss,
                        leader -> LOG.log(Level.INFO, "lease {0}/{1} is held by {2}", namespace, name, leader)))
                .build();
        return new LeaderLease(client.leaderElector().withConfig(config).build().start());
    }

    private static String identity() {
        String pod = System.getenv("POD_NAME");
        if (pod != null && !pod.isBlank()) {
            return pod;
        }
        try {
            return InetAddress.getLocalHost().getHostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
        } catch (UnknownHostException e) {
            return "portico-operator-" + UUID.randomUUID();
        }
    }

    /** Gives the lease up (released, so a standby takes over at once). */
    @Override
    public void close() {
        running.cancel(true);
    }
}
