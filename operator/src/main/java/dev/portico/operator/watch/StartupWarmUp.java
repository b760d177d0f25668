package dev.portico.operator.watch;

import dev.portico.operator.resolve.KubernetesObjects;
import dev.portico.operator.resolve.ObjectRef;
import dev.portico.operator.translate.Translation;

import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Once the first world is out, the change path is run on purpose so the first real changes after a restart
 * do not pay for its first runs: the change rehearsal on a made-up world, then idle passes over the real one,
 * which {@link WorldCompiler} runs one at a time while no change waits. On the translation thread.
 */
final class StartupWarmUp {
    private static final System.Logger LOG = System.getLogger(StartupWarmUp.class.getName());
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    // after start-up, while idle, unchanged real routes go through the change path (idlePass); 0: none
    private static final int IDLE_PASSES = Integer.getInteger("portico.idlePasses", 40);

    private final WorldCache cache;
    private final WorldTranslator translator;
    private final PublishedWorld published;
    private final AtomicLong rehearsed = new AtomicLong();
    private final AtomicLong idlePasses = new AtomicLong();
    private long idlePassNanos;

    StartupWarmUp(WorldCache cache, WorldTranslator translator, PublishedWorld published) {
        this.cache = cache;
        this.translator = translator;
        this.published = published;
    }

    /** Made-up changes the start-up rehearsal ran through the change path (0 until it ran). */
    long rehearsedChanges() {
        return rehearsed.get();
    }

    /** Idle passes done since start-up (see {@link #idlePass()}). */
    long idlePasses() {
        return idlePasses.get();
    }

    boolean idlePassesDone() {
        return idlePasses.get() >= IDLE_PASSES;
    }

    /** Once, after the first world is out: see {@link ChangeRehearsal}. A failure is logged, never fatal. */
    void rehearseChanges() {
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

    /**
     * After start-up, while no change waits: one existing route, announced as changed though it is not, goes
     * through the change path and the result is published (equal content: no new version, no status write).
     * Why: the change path still walks every route a few times (splice, publish, status board), once per
     * change; until the JIT has compiled those walks the first real changes after a restart took several times
     * as long (bench/propagation/run.sh with 5,000 routes, bench/results/propagation.md). A pass is also a real translation of the world as
     * the caches hold it, so anything it finds changed is published as it should be.
     *
     * @return whether another pass is due
     */
    boolean idlePass() {
        long start = System.nanoTime();
        RunClock clock = new RunClock();
        try {
            KubernetesObjects world = cache.objectsButRoutes();
            ObjectRef route = idlePassRoute();
            if (route != null) {
                AffectedRoutes.Changes changes = new AffectedRoutes.Changes(Set.of(route), Set.of(), Set.of(),
                        Set.of());
                Translation next = translator.partial(published.last(), changes, world, clock);
                if (next == null) { // this world's changes take the whole translation, which start-up compiled
                    idlePasses.set(IDLE_PASSES);
                    published.publish(translator.whole(clock), clock);
                    return false;
                }
                published.publish(translator.verified(next, changes, world, clock), clock);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "an idle pass failed; no more of them", e);
            idlePasses.set(IDLE_PASSES);
            return false;
        }
        idlePassNanos += System.nanoTime() - start;
        if (idlePasses.incrementAndGet() < IDLE_PASSES) {
            return true;
        }
        LOG.log(Level.INFO, "{0} idle passes through the change path took {1} ms; the last: {2}", IDLE_PASSES,
                idlePassNanos / 1_000_000, clock);
        return false;
    }

    /** A route for the next idle pass, spread over the index; null when there is none. */
    private ObjectRef idlePassRoute() {
        Set<ObjectRef> routes = translator.indexedRoutes();
        int size = routes.size();
        if (size == 0) {
            return null;
        }
        int skip = (int) (idlePasses.get() * 7919 % size);
        return routes.stream().skip(skip).findFirst().orElse(null);
    }
}
