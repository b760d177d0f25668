package dev.portico.operator.watch;

import dev.portico.operator.ops.OperatorMetrics;
import dev.portico.operator.resolve.ReferenceResolver;
import dev.portico.operator.resolve.ServiceEndpoints;
import dev.portico.operator.status.StatusBoard;
import dev.portico.operator.stream.PublishedSnapshot;
import dev.portico.operator.stream.SnapshotPublisher;
import dev.portico.operator.translate.Translation;
import dev.portico.operator.translate.Translator;
import dev.portico.snapshot.Cluster;
import dev.portico.snapshot.Snapshot;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Turns informer news into published snapshots on one thread. A burst of changes within the debounce
 * window is one translation of the whole world; EndpointSlice-only news takes the fast path (the latest
 * snapshots with fresh endpoints, no translation), so it travels as a delta of the changed clusters.
 * Nothing runs before {@link #arm()}: a world half-read from unsynced caches must never be published.
 */
public final class WorldCompiler implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(WorldCompiler.class.getName());

    private final WorldCache cache;
    private final SnapshotPublisher publisher;
    private final StatusBoard board;
    private final Duration debounce;
    private final OperatorMetrics metrics;
    private final Consumer<StatusBoard.Changes> onChanges;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "portico-translate");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean fullPending = new AtomicBoolean();
    private final AtomicBoolean endpointsPending = new AtomicBoolean();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile boolean armed;

    public WorldCompiler(WorldCache cache, SnapshotPublisher publisher, StatusBoard board, Duration debounce,
            OperatorMetrics metrics, Consumer<StatusBoard.Changes> onChanges) {
        this.cache = cache;
        this.publisher = publisher;
        this.board = board;
        this.debounce = debounce;
        this.metrics = metrics;
        this.onChanges = onChanges;
    }

    /** Routes, policies, Services or Secrets changed: translate the world again. */
    public void worldChanged() {
        fullPending.set(true);
        schedule();
    }

    /** Only EndpointSlices changed. */
    public void endpointsChanged() {
        endpointsPending.set(true);
        schedule();
    }

    /** The caches are synced: from now on changes are translated, starting with the whole world. */
    public void arm() {
        armed = true;
        worldChanged();
    }

    private void schedule() {
        if (armed && scheduled.compareAndSet(false, true)) {
            thread.schedule(this::run, debounce.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void run() {
        scheduled.set(false);
        boolean full = fullPending.getAndSet(false);
        boolean endpoints = endpointsPending.getAndSet(false);
        try {
            if (full) {
                translateWorld();
            } else if (endpoints) {
                refreshEndpoints();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "translation failed; retrying in a second", e);
            fullPending.set(true);
            thread.schedule(this::schedule, 1, TimeUnit.SECONDS);
        }
    }

    private void translateWorld() {
        long start = System.nanoTime();
        Translation translation = Translator.translate(ReferenceResolver.resolve(cache.objects()));
        metrics.translate().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        Map<String, PublishedSnapshot> latest = publisher.publishWorld(translation.snapshots().values());
        StatusBoard.Changes changes = board.update(translation, latest);
        if (!changes.isEmpty()) {
            onChanges.accept(changes);
        }
    }

    private void refreshEndpoints() {
        long start = System.nanoTime();
        ServiceEndpoints endpoints = new ServiceEndpoints(cache.services(), cache.endpointSlices());
        Map<String, Integer> ready = new HashMap<>();
        List<Snapshot> refreshed = new ArrayList<>();
        for (String group : publisher.groups()) {
            PublishedSnapshot latest = publisher.latest(group);
            List<Cluster> clusters = new ArrayList<>(latest.snapshot().clusters().size());
            boolean changed = false;
            for (Cluster cluster : latest.snapshot().clusters()) {
                Cluster now = endpoints.lookup(cluster.namespace(), cluster.service(), cluster.port()).cluster();
                if (now.serviceExists() != cluster.serviceExists()) {
                    translateWorld(); // a Service appeared or went: that is more than endpoints
                    return;
                }
                Cluster updated = cluster.withEndpoints(now.endpoints());
                changed |= !updated.equals(cluster);
                ready.put(cluster.name(), updated.endpoints().size());
                clusters.add(updated);
            }
            if (changed) {
                Snapshot s = latest.snapshot();
                refreshed.add(new Snapshot(s.gateway(), s.version(), s.routes(), clusters));
            }
        }
        refreshed.forEach(publisher::publish);
        metrics.endpointRefresh().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        Set<dev.portico.operator.resolve.ObjectRef> routes = board.updateReadyEndpoints(ready);
        if (!routes.isEmpty()) {
            onChanges.accept(new StatusBoard.Changes(routes, Set.of()));
        }
    }

    @Override
    public void close() {
        armed = false;
        thread.shutdownNow();
    }
}
