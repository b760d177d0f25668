package dev.portico.operator.watch;

import dev.portico.operator.resolve.KubernetesObjects;
import dev.portico.operator.resolve.ObjectRef;
import dev.portico.operator.translate.LastAccepted;
import dev.portico.operator.translate.PolicyFacts;
import dev.portico.operator.translate.RouteFacts;
import dev.portico.operator.translate.Translation;
import dev.portico.operator.translate.Translator;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/** Translates only what a burst of changes can affect and splices it into the previous translation. Pure. */
final class PartialTranslation {

    private PartialTranslation() {
    }

    /**
     * @param world the objects as they are now
     * @param index the routes, kept from call to call; it must have been brought last to the world
     *              {@code previous} was translated from (or be new): the routes it reports unchanged are taken
     *              to be as {@code previous} saw them
     * @return the translation of {@code world}, or null when the changes reach so much of it that a whole
     *         translation is the better choice
     */
    static Translation translate(Translation previous, AffectedRoutes.Changes changes, KubernetesObjects world,
            ClaimIndex index, LastAccepted lastAccepted) {
        boolean indexNew = index.isNew();
        Set<ObjectRef> respecified = index.update(world.routes());
        return translateIndexed(previous, changes, respecified, indexNew, world, index, lastAccepted, new RunClock());
    }

    /**
     * As {@link #translate(Translation, AffectedRoutes.Changes, KubernetesObjects, ClaimIndex, LastAccepted)} with the routes
     * taken from {@code index} (the routes of {@code world} are not read), which the caller has just brought up
     * to date ({@link ClaimIndex#refresh}); its phases are timed on {@code clock}.
     *
     * @param respecified what that refresh reported
     * @param indexNew    whether the index was new before it
     */
    static Translation translateIndexed(Translation previous, AffectedRoutes.Changes changes,
            Set<ObjectRef> respecified, boolean indexNew, KubernetesObjects world, ClaimIndex index,
            LastAccepted lastAccepted, RunClock clock) {
        if (servesLastAccepted(previous)) {
            // what such an object claims and targets is its last accepted spec, which the scope (built from current
            // specs) does not see: rare enough to take the whole translation
            return null;
        }
        Set<ObjectRef> routesPresent = index.present();
        Set<ObjectRef> policiesPresent = refs(world.policies());
        AffectedRoutes.Changes all = new AffectedRoutes.Changes(
                withUnannouncedRoutes(changes.routes(), respecified, index, previous, indexNew),
                withUnannounced(changes.policies(), world.policies(), policiesPresent, previous.policies(),
                        PolicyFacts::generation),
                changes.services(), changes.secrets());
        clock.lap("claim index");
        AffectedRoutes.Scope scope = AffectedRoutes.of(all, index, world.policies(), previous);
        clock.lap("scope");
        if (scope.routes().size() > Math.max(50, routesPresent.size() / 4)) {
            return null;
        }
        KubernetesObjects part = new KubernetesObjects(
                scope.routes().stream().sorted().map(index::route).toList(),
                world.policies().stream().filter(p -> scope.policies().contains(ObjectRef.of(p))).toList(),
                world.services(), world.endpointSlices(), world.secrets());
        Translation translated = Translator.translate(part, lastAccepted);
        clock.lap("translate scope");
        Translation spliced = TranslationSplice.splice(previous, translated, scope, all.routes(), routesPresent,
                policiesPresent);
        clock.lap("splice");
        return spliced;
    }

    /** Whether some object of {@code translation} is served as another generation than its current one. */
    static boolean servesLastAccepted(Translation translation) {
        for (RouteFacts facts : translation.routes().values()) {
            if (facts.servedGeneration() >= 0 && facts.servedGeneration() != facts.generation()) {
                return true;
            }
        }
        for (PolicyFacts facts : translation.policies().values()) {
            if (facts.servedGeneration() >= 0 && facts.servedGeneration() != facts.generation()) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@link #withUnannounced} for routes, from what the index saw since its last update (the world of
     * {@code previous}): new, deleted and re-specified routes. A new index knows nothing of that world, so then
     * every route is compared with what {@code previous} saw.
     */
    private static Set<ObjectRef> withUnannouncedRoutes(Set<ObjectRef> announced, Set<ObjectRef> respecified,
            ClaimIndex index, Translation previous, boolean indexNew) {
        Set<ObjectRef> changed = new HashSet<>(announced);
        if (!indexNew) {
            changed.addAll(respecified);
            return changed;
        }
        for (ObjectRef ref : index.present()) {
            RouteFacts facts = previous.routes().get(ref);
            if (facts == null || facts.generation() != generation(index.route(ref))) {
                changed.add(ref);
            }
        }
        previous.routes().keySet().stream().filter(ref -> index.route(ref) == null).forEach(changed::add);
        return changed;
    }

    /**
     * The announced changes plus every object whose generation differs from what {@code previous} saw (or that
     * appeared or went): its informer event may still be on its way, but the world read now already holds it,
     * and a result must agree with the world it was computed from.
     */
    private static <T extends HasMetadata, F> Set<ObjectRef> withUnannounced(Set<ObjectRef> announced,
            List<T> objects, Set<ObjectRef> present, Map<ObjectRef, F> previous, ToLongFunction<F> seenGeneration) {
        Set<ObjectRef> changed = new HashSet<>(announced);
        for (T object : objects) {
            ObjectRef ref = ObjectRef.of(object);
            F facts = previous.get(ref);
            if (facts == null || seenGeneration.applyAsLong(facts) != generation(object)) {
                changed.add(ref);
            }
        }
        previous.keySet().stream().filter(ref -> !present.contains(ref)).forEach(changed::add);
        return changed;
    }

    private static Set<ObjectRef> refs(List<? extends HasMetadata> objects) {
        Set<ObjectRef> refs = new HashSet<>();
        objects.forEach(o -> refs.add(ObjectRef.of(o)));
        return refs;
    }

    private static long generation(HasMetadata object) {
        Long generation = object.getMetadata().getGeneration();
        return generation == null ? 0 : generation;
    }
}
