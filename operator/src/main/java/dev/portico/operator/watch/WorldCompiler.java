package dev.portico.operator.watch;

import dev.portico.api.v1alpha1.GatewayRoute;
import dev.portico.api.v1alpha1.RateLimitPolicy;
import dev.portico.operator.ops.OperatorMetrics;
import dev.portico.operator.resolve.KubernetesObjects;
import dev.portico.operator.resolve.ObjectRef;
import dev.portico.operator.resolve.ReferenceResolver;
import dev.portico.operator.status.StatusBoard;
import dev.portico.operator.stream.PublishedSnapshot;
import dev.portico.operator.stream.SnapshotPublisher;
import dev.portico.operator.translate.EndpointsOnly;
import dev.portico.operator.translate.Translation;
import dev.portico.operator.translate.Translator;
import dev.portico.snapshot.Snapshot;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;

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
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Turns informer news into published snapshots on one thread. A lone change is translated at once, a burst
 * within the debounce window once: the first time (and every few minutes, as a check) the whole world, otherwise
 * only the routes the burst can affect ({@link AffectedRoutes}), spliced into the previous result.
 * EndpointSlice-only news takes the fast path (fresh endpoints, no translation at all), so it travels as a
 * delta of the changed clusters. Nothing runs before {@link #arm()}: a world half-read from unsynced caches
 * must never be published.
 */
public final class WorldCompiler implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(WorldCompiler.class.getName());
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();
    private static final Duration RESYNC = Duration.ofMinutes(5);
    // -Dportico.slowTranslationMillis=0 logs every run's phases
    private static final long SLOW_RUN_MILLIS = Long.getLong("portico.slowTranslationMillis", 100);
    // after start-up, while idle, unchanged real routes go through the change path (idlePass); 0: none
    private static final int IDLE_PASSES = Integer.getInteger("portico.idlePasses", 40);
    private static final long IDLE_PASS_GAP_MILLIS = 20;
    private static final long ABSORB_DELAY_MILLIS = 50;

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
    private final Set<ObjectRef> changedRoutes = ConcurrentHashMap.newKeySet();
    private final Set<ObjectRef> changedPolicies = ConcurrentHashMap.newKeySet();
    private final Set<ObjectRef> changedServices = ConcurrentHashMap.newKeySet();
    private final Set<ObjectRef> changedSecrets = ConcurrentHashMap.newKeySet();
    private final Set<ObjectRef> changedEndpoints = ConcurrentHashMap.newKeySet();
    private final TouchedRoutes touchedRoutes = new TouchedRoutes();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicLong divergences = new AtomicLong();
    private final AtomicLong rehearsed = new AtomicLong();
    private final AtomicLong idlePasses = new AtomicLong();
    private final SeenVersions seen = new SeenVersions();
    // the routes of the world the last translation read, and their claim keys; only the translation thread uses it
    private final ClaimIndex claimIndex = new ClaimIndex();
    private volatile Translation last;
    private volatile boolean armed;
    private volatile boolean verifyEveryChange;
    private volatile long firstPendingNanos;
    private volatile long lastRunNanos = System.nanoTime() - Duration.ofDays(1).toNanos();
    private RunClock clock = new RunClock(); // the current run's; only the translation thread uses it
    private long idlePassNanos; // only the translation thread uses it

    public WorldCompiler(WorldCache cache, SnapshotPublisher publisher, StatusBoard board, Duration debounce,
            OperatorMetrics metrics, Consumer<StatusBoard.Changes> onChanges) {
        this.cache = cache;
        this.publisher = publisher;
        this.board = board;
        this.debounce = debounce;
        this.metrics = metrics;
        this.onChanges = onChanges;
    }

    /** A GatewayRoute, RateLimitPolicy, Service or Secret was added, changed or deleted. */
    public void changed(HasMetadata object) {
        ObjectRef ref = ObjectRef.of(object);
        if (object instanceof GatewayRoute) {
            changedRoutes.add(ref);
        } else if (object instanceof RateLimitPolicy) {
            changedPolicies.add(ref);
        } else if (object instanceof Service) {
            changedServices.add(ref);
        } else if (object instanceof Secret) {
            changedSecrets.add(ref);
        } else {
            fullPending.set(true);
        }
        schedule();
    }

    /**
     * The route cache took in {@code route} (any event, news or not): the change path brings these into its
     * index instead of reading every route each time.
     */
    public void touched(GatewayRoute route) {
        if (touchedRoutes.touch(route)) {
            try {
                thread.schedule(this::absorbTouches, ABSORB_DELAY_MILLIS, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                touchedRoutes.absorbCancelled(); // closed meanwhile: nothing left to keep up to date
            }
        }
    }

    /**
     * Takes the touched routes into the index between runs, so a change does not pay for the status writes
     * before it (after a restart, one per route: 5,000 lookups on the first change took 26 ms of CPU).
     */
    private void absorbTouches() {
        if (last == null) {
            touchedRoutes.absorbCancelled(); // the first whole translation reads every route anyway
        } else {
            touchedRoutes.absorb(claimIndex, cache::route);
        }
    }

    /** Translate the whole world at the next run. */
    public void worldChanged() {
        fullPending.set(true);
        schedule();
    }

    /** Only the EndpointSlices of {@code service} changed. */
    public void endpointsChanged(ObjectRef service) {
        if (service == null) {
            return; // a slice of no Service serves no route
        }
        changedEndpoints.add(service);
        schedule();
    }

    /** The caches are synced: from now on changes are translated, starting with the whole world. */
    public void arm() {
        armed = true;
        thread.scheduleWithFixedDelay(this::worldChanged, RESYNC.toMillis(), RESYNC.toMillis(), TimeUnit.MILLISECONDS);
        worldChanged();
    }

    /** Tests: after every partial translation, translate the world too and count any difference. */
    public void verifyEveryChange(boolean verify) {
        verifyEveryChange = verify;
    }

    /** Idle passes done since start-up (see {@link #idlePass()}). */
    public long idlePasses() {
        return idlePasses.get();
    }

    /** Made-up changes the start-up rehearsal ran through the change path (0 until it ran). */
    public long rehearsedChanges() {
        return rehearsed.get();
    }

    /** Partial translations that differed from the whole world's (each was then corrected). */
    public long divergences() {
        return divergences.get();
    }

    /**
     * A lone change is translated at once; changes arriving within the debounce window after a run started
     * wait for the window's end and go together, so a burst costs one translation per window.
     */
    private void schedule() {
        if (armed && scheduled.compareAndSet(false, true)) {
            long now = System.nanoTime();
            firstPendingNanos = now;
            long wait = Math.max(0, lastRunNanos + debounce.toNanos() - now);
            thread.schedule(this::run, wait, TimeUnit.NANOSECONDS);
        }
    }

    private void run() {
        scheduled.set(false);
        lastRunNanos = System.nanoTime();
        long since = firstPendingNanos;
        boolean full = fullPending.getAndSet(false) || last == null;
        AffectedRoutes.Changes changes = new AffectedRoutes.Changes(drain(changedRoutes), drain(changedPolicies),
                drain(changedServices), drain(changedSecrets));
        Set<ObjectRef> endpoints = drain(changedEndpoints);
        clock = new RunClock();
        try {
            if (full) {
                boolean first = last == null;
                KubernetesObjects world = cache.objects();
                publish(translateWorld(world));
                if (first) {
                    divergences.addAndGet(PartialPathCheck.run(world, last, claimIndex));
                    clock.lap("startup self-check");
                    rehearseChanges();
                    clock.lap("change rehearsal");
                    thread.schedule(this::idlePass, IDLE_PASS_GAP_MILLIS, TimeUnit.MILLISECONDS);
                }
            } else if (!changes.isEmpty()) {
                publish(translatePart(changes));
            }
            if (!full && !endpoints.isEmpty()) {
                refreshEndpoints(endpoints);
            }
            if (full || !changes.isEmpty() || !endpoints.isEmpty()) {
                metrics.changeToPublish().record(System.nanoTime() - since, TimeUnit.NANOSECONDS);
            }
            if (clock.elapsedMillis() >= SLOW_RUN_MILLIS) {
                LOG.log(Level.INFO, "slow translation run ({0}, {1} ms): {2}", full ? "whole world" : changes,
                        clock.elapsedMillis(), clock);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "translation failed; translating the whole world again in a second", e);
            fullPending.set(true);
            thread.schedule(this::schedule, 1, TimeUnit.SECONDS);
        }
    }

    /** Takes what {@code pending} holds now, leaving what arrives meanwhile. */
    static Set<ObjectRef> drain(Set<ObjectRef> pending) {
        Set<ObjectRef> taken = new HashSet<>(pending);
        pending.removeAll(taken);
        return taken;
    }

    private Translation translateWorld() {
        return translateWorld(cache.objects());
    }

    /** Once, after the first world is out: see {@link ChangeRehearsal}. A failure is logged, never fatal. */
    private void rehearseChanges() {
        long start = System.nanoTime();
        long cpuStart = CPU.getCurrentThreadCpuTime();
        try {
            int deltas = ChangeRehearsal.run();
            rehearsed.set(deltas);
            LOG.log(Level.INFO, "rehearsed {0} made-up changes in {1} ms ({2} ms of CPU)", deltas,
                    (System.nanoTime() - start) / 1_000_000, (CPU.getCurrentThreadCpuTime() - cpuStart) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the start-up change rehearsal failed; the first changes may be slower", e);
        }
    }

    private Translation translateWorld(KubernetesObjects world) {
        seen.remember(world.services(), world.endpointSlices(), world.secrets());
        claimIndex.update(world.routes()); // the next partial translation starts from this world
        touchedRoutes.forget();
        long start = System.nanoTime();
        Translation translation = Translator.translate(ReferenceResolver.resolve(world));
        clock.lap("whole translation");
        metrics.translate().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        return translation;
    }

    /**
     * After start-up, while no change waits: one existing route, announced as changed though it is not, goes
     * through the change path and the result is published (equal content: no new version, no status write).
     * Why: the change path still walks every route a few times (splice, publish, status board), once per
     * change; until the JIT has compiled those walks the first real changes after a restart took several times
     * as long (bench/propagation/run.sh with 5,000 routes, bench/results/propagation.md). A pass is also a real translation of the world as
     * the caches hold it, so anything it finds changed is published as it should be.
     */
    private void idlePass() {
        if (!armed || idlePasses.get() >= IDLE_PASSES) {
            return;
        }
        if (scheduled.get()) { // a real change goes first
            thread.schedule(this::idlePass, IDLE_PASS_GAP_MILLIS, TimeUnit.MILLISECONDS);
            return;
        }
        long start = System.nanoTime();
        clock = new RunClock();
        try {
            KubernetesObjects world = cache.objectsButRoutes();
            ObjectRef route = idlePassRoute();
            if (route != null) {
                AffectedRoutes.Changes changes = new AffectedRoutes.Changes(Set.of(route), Set.of(), Set.of(),
                        Set.of());
                Translation next = partial(changes, world);
                if (next == null) { // this world's changes take the whole translation, which start-up compiled
                    idlePasses.set(IDLE_PASSES);
                    publish(translateWorld());
                    return;
                }
                publish(verified(next, changes, world));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "an idle pass failed; no more of them", e);
            idlePasses.set(IDLE_PASSES);
            return;
        }
        idlePassNanos += System.nanoTime() - start;
        if (idlePasses.incrementAndGet() < IDLE_PASSES) {
            thread.schedule(this::idlePass, IDLE_PASS_GAP_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            LOG.log(Level.INFO, "{0} idle passes through the change path took {1} ms; the last: {2}", IDLE_PASSES,
                    idlePassNanos / 1_000_000, clock);
        }
    }

    /** A route for the next idle pass, spread over the index; null when there is none. */
    private ObjectRef idlePassRoute() {
        int size = claimIndex.present().size();
        if (size == 0) {
            return null;
        }
        int skip = (int) (idlePasses.get() * 7919 % size);
        return claimIndex.present().stream().skip(skip).findFirst().orElse(null);
    }

    private Translation translatePart(AffectedRoutes.Changes changes) {
        long start = System.nanoTime();
        KubernetesObjects world = cache.objectsButRoutes();
        clock.lap("read caches");
        Translation next = partial(changes, world);
        if (next == null) {
            return translateWorld(); // too much of the world: the whole is as cheap and simpler
        }
        metrics.translate().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        return verified(next, changes, world);
    }

    /** {@code next}, or when verifying every change and it differs from the whole translation of {@code world}, that. */
    private Translation verified(Translation next, AffectedRoutes.Changes changes, KubernetesObjects world) {
        if (verifyEveryChange) {
            // the same objects (informers move on meanwhile): the routes as the index holds them, the rest as read
            Translation whole = translateWorld(new KubernetesObjects(claimIndex.routes(), world.policies(),
                    world.services(), world.endpointSlices(), world.secrets()));
            if (!TranslationSplice.same(next, whole)) {
                divergences.incrementAndGet();
                LOG.log(Level.WARNING, "a partial translation for {0} differed from the whole world''s in: {1}; "
                        + "using the whole", changes, TranslationSplice.difference(next, whole));
                return whole;
            }
        }
        return next;
    }

    /**
     * The partial translation of the routes as the index holds them once the touched ones are brought in, and
     * the rest of {@code world} (its routes are not read); null when a whole one is the better choice.
     */
    private Translation partial(AffectedRoutes.Changes changes, KubernetesObjects world) {
        // also what changed in the caches but whose event has not reached us yet: the result must match `world`
        AffectedRoutes.Changes all = seen.addUnannounced(changes, world);
        clock.lap("unannounced");
        boolean indexNew = claimIndex.isNew();
        Set<ObjectRef> respecified = touchedRoutes.refresh(claimIndex, changes.routes(), cache::route);
        Translation next = PartialTranslation.translateIndexed(last, all, respecified, indexNew, world, claimIndex,
                clock);
        seen.remember(world.services(), world.endpointSlices(), world.secrets());
        clock.lap("remember");
        return next;
    }

    private void publish(Translation translation) {
        Map<String, PublishedSnapshot> latest = publisher.publishWorld(translation.snapshots().values());
        clock.lap("publish");
        record(asPublished(translation, latest));
        clock.lap("status board");
    }

    /**
     * The translation with each group's snapshot as published. When a group's content did not change, the
     * publisher kept its previous version, whose route objects the content hasher knows: the next partial
     * translation must carry those over, not equal copies, or it hashes every route again.
     */
    private static Translation asPublished(Translation translation, Map<String, PublishedSnapshot> latest) {
        Map<String, Snapshot> published = new HashMap<>();
        boolean same = true;
        for (Map.Entry<String, Snapshot> e : translation.snapshots().entrySet()) {
            PublishedSnapshot p = latest.get(e.getKey());
            Snapshot s = p == null ? e.getValue() : p.snapshot();
            same &= s.routes() == e.getValue().routes(); // a fresh version keeps the translation's own list
            published.put(e.getKey(), s);
        }
        return same ? translation : new Translation(published, translation.routes(), translation.policies());
    }

    private void refreshEndpoints(Set<ObjectRef> services) {
        long start = System.nanoTime();
        var currentServices = cache.services();
        var currentSlices = cache.endpointSlices();
        EndpointsOnly.Change change = EndpointsOnly.apply(last, services, currentServices, currentSlices);
        if (change.refsChanged()) {
            publish(translateWorld()); // a Service appeared or went: ResolvedRefs may change, which only translation knows
            return;
        }
        for (String group : change.changedClusters().keySet()) {
            publisher.publish(change.next().snapshotFor(group));
        }
        metrics.endpointRefresh().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        clock.lap("endpoints");
        record(change.next());
        clock.lap("status board");
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
