package dev.portico.operator.ops;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;

import java.lang.System.Logger.Level;
import java.util.function.Supplier;

/**
 * Where this replica stands with the leader-election Lease, learnt from the elector's own reads and writes of
 * it: leading, standing by for a holder, or standing by without reaching the Lease. A standby in the last
 * state would look healthy until the leader dies and nobody takes over, so it says so once when that starts
 * and once when it ends, on {@code /readyz} and as {@code portico_operator_api_reachable}.
 */
public final class LeaseStanding implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LeaseStanding.class.getName());
    private static final int CONFLICT = 409;

    private final String apiUrl;
    private final String namespace;
    private final String name;
    private volatile boolean leading;
    private volatile String holder;
    private volatile LeaseTrouble trouble;
    private LeaseTrouble reported;
    private volatile boolean closed;

    public LeaseStanding(String apiUrl, String namespace, String name, OperatorMetrics metrics) {
        this.apiUrl = apiUrl;
        this.namespace = namespace;
        this.name = name;
        metrics.apiReachable(() -> trouble == null ? 1 : 0);
    }

    public String namespace() {
        return namespace;
    }

    public String name() {
        return name;
    }

    /** {@code lock}, with every call the elector makes on it noted here. */
    public Lock watch(Lock lock) {
        return new WatchedLock(lock);
    }

    public void lead() {
        leading = true;
    }

    public void follow() {
        leading = false;
    }

    public boolean leading() {
        return leading;
    }

    /** Why a standby does not serve, in one line. */
    public String standby() {
        LeaseTrouble now = trouble;
        return now == null ? standingBy() : now.standby(apiUrl, lease());
    }

    private String standingBy() {
        String current = holder;
        return "standing by for lease " + lease() + (current == null || current.isBlank() ? "" : " held by " + current);
    }

    private String lease() {
        return namespace + "/" + name;
    }

    private synchronized void reached(String holderNow) {
        holder = holderNow;
        trouble = null;
        if (reported != null && !leading && !closed) {
            LOG.log(Level.INFO, "reached the Kubernetes API again; {0}", standingBy());
        }
        reported = null;
    }

    private synchronized void failed(String verb, KubernetesClientException e) {
        trouble = LeaseTrouble.of(verb, e);
        // a leader's failures end in losing the lease, which PorticoOperator reports; then it stands by here
        if (!leading && !closed && !trouble.sameAs(reported)) {
            LOG.log(Level.WARNING, trouble.standby(apiUrl, lease()));
            reported = trouble;
        }
    }

    /** Calls of an elector being cancelled, on a client about to close, are no news. */
    @Override
    public void close() {
        closed = true;
    }

    private final class WatchedLock implements Lock {
        private final Lock lock;

        WatchedLock(Lock lock) {
            this.lock = lock;
        }

        @Override
        public LeaderElectionRecord get(KubernetesClient client) {
            return watched("get", () -> lock.get(client));
        }

        @Override
        public void create(KubernetesClient client, LeaderElectionRecord record) {
            watched("create", () -> {
                lock.create(client, record);
                return record;
            });
        }

        @Override
        public void update(KubernetesClient client, LeaderElectionRecord record) {
            watched("update", () -> {
                lock.update(client, record);
                return record;
            });
        }

        private LeaderElectionRecord watched(String verb, Supplier<LeaderElectionRecord> call) {
            LeaderElectionRecord record;
            try {
                record = call.get();
            } catch (KubernetesClientException e) {
                if (e.getCode() == CONFLICT) {
                    reached(holder); // another replica wrote first: the API answered
                } else {
                    failed(verb, e);
                }
                throw e;
            }
            reached(record == null ? null : record.getHolderIdentity());
            return record;
        }

        @Override
        public String identity() {
            return lock.identity();
        }

        @Override
        public String describe() {
            return lock.describe();
        }
    }
}
