package dev.portico.operator.watch;

import dev.portico.api.v1alpha1.GatewayRoute;
import dev.portico.api.v1alpha1.RateLimitPolicy;
import dev.portico.operator.ops.OperatorMetrics;
import dev.portico.operator.resolve.KubernetesObjects;
import dev.portico.operator.resolve.ObjectRef;
import dev.portico.operator.translate.LastAccepted;
import dev.portico.operator.translate.Translation;
import dev.portico.operator.translate.Translator;

import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The world as the caches hold it, translated whole, or for a change only as far as the change reaches
 * ({@link AffectedRoutes}), spliced into the previous result. Keeps what the partial path starts from: the
 * claim index of the world the last translation read and the versions it saw. Runs on the translation thread.
 */
final class WorldTranslator {
    private static final System.Logger LOG = System.getLogger(WorldTranslator.class.getName());

    private final WorldCache cache;
    private final OperatorMetrics metrics;
    private final TouchedRoutes touchedRoutes;
    private final SeenVersions seen = new SeenVersions();
    // the routes of the world the last translation read, and their claim keys
    private final ClaimIndex claimIndex = new ClaimIndex();
    private final AtomicLong divergences = new AtomicLong();
    // what an object whose current generation is refused is served as
    private final LastAccepted lastAccepted = new LastAccepted();
    private volatile boolean verifyEveryChange;

    WorldTranslator(WorldCache cache, OperatorMetrics metrics, TouchedRoutes touchedRoutes) {
        this.cache = cache;
        this.metrics = metrics;
        this.touchedRoutes = touchedRoutes;
    }

    /** Tests: after every partial translation, translate the world too and count any difference. */
    void verifyEveryChange(boolean verify) {
        verifyEveryChange = verify;
    }

    /** Partial translations that differed from the whole world's (each was then corrected). */
    long divergences() {
        return divergences.get();
    }

    /** The routes of the world the last translation read. */
    Set<ObjectRef> indexedRoutes() {
        return claimIndex.present();
    }

    /** Between runs: takes the touched routes into the index (see {@link TouchedRoutes#absorb}). */
    void absorbTouches() {
        touchedRoutes.absorb(claimIndex, cache::route);
    }

    /** Once, after the first whole translation is out: see {@link PartialPathCheck}. */
    void checkPartialPath(KubernetesObjects world, Translation whole) {
        divergences.addAndGet(PartialPathCheck.run(world, whole, claimIndex, lastAccepted));
    }

    Translation whole(RunClock clock) {
        return whole(cache.objects(), clock);
    }

    Translation whole(KubernetesObjects world, RunClock clock) {
        seen.remember(world.services(), world.endpointSlices(), world.secrets());
        claimIndex.update(world.routes()); // the next partial translation starts from this world
        touchedRoutes.forget();
        long start = System.nanoTime();
        lastAccepted.seed(world.routes(), world.policies()); // after a restart: what status says was served
        Translation translation = Translator.translate(world, lastAccepted);
        Map<ObjectRef, GatewayRoute> routes = new HashMap<>();
        world.routes().forEach(r -> routes.put(ObjectRef.of(r), r));
        lastAccepted.remember(translation, routes::get, policiesByRef(world));
        clock.lap("whole translation");
        metrics.translate().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        return translation;
    }

    /** The world after {@code changes}, from {@code previous}: partially when that is the cheaper way. */
    Translation part(Translation previous, AffectedRoutes.Changes changes, RunClock clock) {
        long start = System.nanoTime();
        KubernetesObjects world = cache.objectsButRoutes();
        clock.lap("read caches");
        Translation next = partial(previous, changes, world, clock);
        if (next == null) {
            return whole(clock); // too much of the world: the whole is as cheap and simpler
        }
        metrics.translate().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        return verified(next, changes, world, clock);
    }

    /**
     * The partial translation of the routes as the index holds them once the touched ones are brought in, and
     * the rest of {@code world} (its routes are not read); null when a whole one is the better choice.
     */
    Translation partial(Translation previous, AffectedRoutes.Changes changes, KubernetesObjects world,
            RunClock clock) {
        // also what changed in the caches but whose event has not reached us yet: the result must match `world`
        AffectedRoutes.Changes all = seen.addUnannounced(changes, world);
        clock.lap("unannounced");
        boolean indexNew = claimIndex.isNew();
        Set<ObjectRef> respecified = touchedRoutes.refresh(claimIndex, changes.routes(), cache::route);
        lastAccepted.seed(respecified.stream().map(claimIndex::route).filter(java.util.Objects::nonNull).toList(),
                world.policies()); // the other routes were seeded when they came in
        Translation next = PartialTranslation.translateIndexed(previous, all, respecified, indexNew, world,
                claimIndex, lastAccepted, clock);
        if (next != null) {
            lastAccepted.remember(next, claimIndex::route, policiesByRef(world));
        }
        seen.remember(world.services(), world.endpointSlices(), world.secrets());
        clock.lap("remember");
        return next;
    }

    private static java.util.function.Function<ObjectRef, RateLimitPolicy> policiesByRef(KubernetesObjects world) {
        Map<ObjectRef, RateLimitPolicy> policies = new HashMap<>();
        world.policies().forEach(p -> policies.put(ObjectRef.of(p), p));
        return policies::get;
    }

    /** {@code next}, or when verifying every change and it differs from the whole translation of {@code world}, that. */
    Translation verified(Translation next, AffectedRoutes.Changes changes, KubernetesObjects world, RunClock clock) {
        if (verifyEveryChange) {
            // the same objects (informers move on meanwhile): the routes as the index holds them, the rest as read
            Translation whole = whole(new KubernetesObjects(claimIndex.routes(), world.policies(),
                    world.services(), world.endpointSlices(), world.secrets()), clock);
            if (!TranslationSplice.same(next, whole)) {
                divergences.incrementAndGet();
                LOG.log(Level.WARNING, "a partial translation for {0} differed from the whole world''s in: {1}; "
                        + "using the whole", changes, TranslationSplice.difference(next, whole));
                return whole;
            }
        }
        return next;
    }
}
