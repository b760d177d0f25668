package dev.portico.operator.watch;

import dev.portico.api.v1alpha1.GatewayRoute;
import dev.portico.operator.ops.OperatorMetrics;
import dev.portico.operator.resolve.KubernetesObjects;
import dev.portico.operator.resolve.ObjectRef;
import dev.portico.operator.status.StatusBoard;
import dev.portico.operator.stream.SnapshotPublisher;
import dev.portico.operator.translate.EndpointsOnly;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Turns informer news into published snapshots on one thread. A lone change is translated at once, a burst
 * within the debounce window once: the first time (and every few minutes, as a check) the whole world, otherwise
 * only the routes the burst can affect ({@link WorldTranslator}), spliced into the previous result.
 * EndpointSlice-only news takes the fast path (fresh endpoints, no translation at all), so it travels as a
 * delta of the changed clusters. Nothing runs before {@link #arm()}: a world half-read from unsynced caches
 * must never be published.
 */
public final class WorldCompiler implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(WorldCompiler.class.getName());
    private static final Duration RESYNC = Duration.ofMinutes(5);
    private static final long IDLE_PASS_GAP_MILLIS = 20;
    private static final long ABSORB_DELAY_MILLIS = 50;

    private final WorldCache cache;
    private final Duration debounce;
    private final OperatorMetrics metrics;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "portico-translate");
        t.setDaemon(true);
        return t;
    });
    private final PendingChanges pending = new PendingChanges();
    private final TouchedRoutes touchedRoutes = new TouchedRoutes();
    private final WorldTranslator translator;
    private final PublishedWorld published;
    private final StartupWarmUp warmUp;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile boolean armed;
    private volatile long firstPendingNanos;
    private volatile long lastRunNanos = System.nanoTime() - Duration.ofDays(1).toNanos();

    public WorldCompiler(WorldCache cache, SnapshotPublisher publisher, StatusBoard board, Duration debounce,
            OperatorMetrics metrics, Consumer<StatusBoard.Changes> onChanges) {
        this.cache = cache;
        this.debounce = debounce;
        this.metrics = metrics;
        this.translator = new WorldTranslator(cache, metrics, touchedRoutes);
        this.published = new PublishedWorld(publisher, board, onChanges);
        this.warmUp = new StartupWarmUp(cache, translator, published);
    }

    /** A GatewayRoute, RateLimitPolicy, Service or Secret was added, changed or deleted. */
    public void changed(HasMetadata object) {
        pending.changed(object);
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
        if (published.last() == null) {
            touchedRoutes.absorbCancelled(); // the first whole translation reads every route anyway
        } else {
            translator.absorbTouches();
        }
    }

    /** Translate the whole world at the next run. */
    public void worldChanged() {
        pending.wholeWorld();
        schedule();
    }

    /** Only the EndpointSlices of {@code service} changed. */
    public void endpointsChanged(ObjectRef service) {
        if (service == null) {
            return; // a slice of no Service serves no route
        }
        pending.endpointsChanged(service);
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
        translator.verifyEveryChange(verify);
    }

    /** Idle passes done since start-up (see {@link StartupWarmUp#idlePass()}). */
    public long idlePasses() {
        return warmUp.idlePasses();
    }

    /** Made-up changes the start-up rehearsal ran through the change path (0 until it ran). */
    public long rehearsedChanges() {
        return warmUp.rehearsedChanges();
    }

    /** Partial translations that differed from the whole world's (each was then corrected). */
    public long divergences() {
        return translator.divergences();
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
        boolean full = pending.takeWholeWorld() || published.last() == null;
        AffectedRoutes.Changes changes = pending.takeChanges();
        Set<ObjectRef> endpoints = pending.takeEndpoints();
        RunClock clock = new RunClock();
        try {
            boolean first = published.last() == null;
            KubernetesObjects world = full ? cache.objects() : null;
            if (full) {
                published.publish(translator.whole(world, clock), clock);
            } else if (!changes.isEmpty()) {
                published.publish(translator.part(published.last(), changes, clock), clock);
            }
            if (!full && !endpoints.isEmpty()) {
                refreshEndpoints(endpoints, clock);
            }
            if (full || !changes.isEmpty() || !endpoints.isEmpty()) {
                metrics.changeToPublish().record(System.nanoTime() - since, TimeUnit.NANOSECONDS);
            }
            if (first) { // after the first world is out, so neither its publish time nor its report counts this
                translator.checkPartialPath(world, published.last());
                clock.startupLap("startup self-check");
                warmUp.rehearseChanges();
                clock.startupLap("change rehearsal");
                thread.schedule(this::idlePass, IDLE_PASS_GAP_MILLIS, TimeUnit.MILLISECONDS);
            }
            SlowRunReport.log(full ? "whole world" : changes, clock);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "translation failed; translating the whole world again in a second", e);
            pending.wholeWorld();
            thread.schedule(this::schedule, 1, TimeUnit.SECONDS);
        }
    }

    /** Between runs after start-up, while no change waits: the next idle pass, if one is due. */
    private void idlePass() {
        if (!armed || warmUp.idlePassesDone()) {
            return;
        }
        // a real change waiting goes first: the pass waits for it
        if (scheduled.get() || warmUp.idlePass()) {
            thread.schedule(this::idlePass, IDLE_PASS_GAP_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void refreshEndpoints(Set<ObjectRef> services, RunClock clock) {
        long start = System.nanoTime();
        var currentServices = cache.services();
        var currentSlices = cache.endpointSlices();
        EndpointsOnly.Change change = EndpointsOnly.apply(published.last(), services, currentServices, currentSlices);
        if (change.refsChanged()) {
            // a Service appeared or went: ResolvedRefs may change, which only translation knows
            published.publish(translator.whole(clock), clock);
            return;
        }
        published.publishClusters(change);
        metrics.endpointRefresh().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        clock.lap("endpoints");
        published.record(change.next());
        clock.lap("status board");
    }

    @Override
    public void close() {
        armed = false;
        thread.shutdownNow();
    }
}
