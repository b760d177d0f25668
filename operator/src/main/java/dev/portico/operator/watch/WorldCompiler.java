package dev.portico.operator.watch;

import dev.portico.operator.ops.OperatorMetrics;
import dev.portico.operator.resolve.ObjectRef;
import dev.portico.operator.resolve.ReferenceResolver;
import dev.portico.operator.status.StatusBoard;
import dev.portico.operator.stream.PublishedSnapshot;
import dev.portico.operator.stream.SnapshotPublisher;
import dev.portico.operator.translate.Translation;
import dev.portico.operator.translate.EndpointsOnly;
import dev.portico.operator.translate.Translator;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
    private final Set<ObjectRef> changedServices = ConcurrentHashMap.newKeySet();
    private volatile Translation last;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile boolean armed;
    private volatile long firstPendingNanos;

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

    /** Only the EndpointSlices of {@code service} changed. */
    public void endpointsChanged(ObjectRef service) {
        if (service == null) {
            return; // a slice of no Service serves no route
        }
        changedServices.add(service);
        schedule();
    }

    /** The caches are synced: from now on changes are translated, starting with the whole world. */
    public void arm() {
        armed = true;
        worldChanged();
    }

    private void schedule() {
        if (armed && scheduled.compareAndSet(false, true)) {
            firstPendingNanos = System.nanoTime();
            thread.schedule(this::run, debounce.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void run() {
        scheduled.set(false);
        long since = firstPendingNanos;
        boolean full = fullPending.getAndSet(false);
        Set<ObjectRef> services = new HashSet<>(changedServices);
        changedServices.removeAll(services);
        try {
            if (full) {
                translateWorld();
            } else if (!services.isEmpty()) {
                refreshEndpoints(services);
            }
            if (full || !services.isEmpty()) {
                metrics.changeToPublish().record(System.nanoTime() - since, TimeUnit.NANOSECONDS);
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
        publisher.publishWorld(translation.snapshots().values());
        record(translation);
    }

    private void refreshEndpoints(Set<ObjectRef> services) {
        if (last == null) {
            translateWorld();
            return;
        }
        long start = System.nanoTime();
        EndpointsOnly.Change change = EndpointsOnly.apply(last, services, cache.services(), cache.endpointSlices());
        if (change.refsChanged()) {
            translateWorld(); // a Service appeared or went: ResolvedRefs may change, which only translation knows
            return;
        }
        for (String group : change.changedClusters().keySet()) {
            publisher.publish(change.next().snapshotFor(group));
        }
        metrics.endpointRefresh().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        record(change.next());
    }

    private void record(Translation translation) {
        last = translation;
        Map<String, PublishedSnapshot> latest = new HashMap<>();
        for (String group : publisher.groups()) {
            latest.put(group, publisher.latest(group));
        }
        StatusBoard.Changes changes = board.update(translation, latest);
        if (!changes.isEmpty()) {
            onChanges.accept(changes);
        }
    }

    @Override
    public void close() {
        armed = false;
        thread.shutdownNow();
    }
}
