package dev.portico.operator.watch;

import dev.portico.operator.resolve.KubernetesObjects;
import dev.portico.operator.resolve.ObjectRef;
import dev.portico.operator.resolve.ReferenceResolver;
import dev.portico.operator.translate.Translation;
import dev.portico.operator.translate.Translator;

import java.util.HashSet;
import java.util.Set;

/** Translates only what a burst of changes can affect and splices it into the previous translation. Pure. */
final class PartialTranslation {

    private PartialTranslation() {
    }

    /**
     * @param world the objects as they are now
     * @return the translation of {@code world}, or null when the changes reach so much of it that a whole
     *         translation is the better choice
     */
    static Translation translate(Translation previous, AffectedRoutes.Changes changes, KubernetesObjects world) {
        return translate(previous, changes, world, new ClaimKeys());
    }

    /** As {@link #translate(Translation, AffectedRoutes.Changes, KubernetesObjects)}, remembering claim keys. */
    static Translation translate(Translation previous, AffectedRoutes.Changes changes, KubernetesObjects world,
            ClaimKeys claimKeys) {
        AffectedRoutes.Changes all = withUnannounced(changes, previous, world);
        AffectedRoutes.Scope scope = AffectedRoutes.of(all, world.routes(), world.policies(), previous, claimKeys);
        if (scope.routes().size() > Math.max(50, world.routes().size() / 4)) {
            return null;
        }
        KubernetesObjects part = new KubernetesObjects(
                world.routes().stream().filter(r -> scope.routes().contains(ObjectRef.of(r))).toList(),
                world.policies().stream().filter(p -> scope.policies().contains(ObjectRef.of(p))).toList(),
                world.services(), world.endpointSlices(), world.secrets());
        Set<ObjectRef> routesPresent = new HashSet<>();
        world.routes().forEach(r -> routesPresent.add(ObjectRef.of(r)));
        Set<ObjectRef> policiesPresent = new HashSet<>();
        world.policies().forEach(p -> policiesPresent.add(ObjectRef.of(p)));
        return TranslationSplice.splice(previous, Translator.translate(ReferenceResolver.resolve(part)), scope,
                routesPresent, policiesPresent);
    }

    /**
     * Routes and policies whose generation differs from what {@code previous} saw (or that appeared or went)
     * count as changed even when their informer event is still on its way: the world read now already holds
     * them, and a result must agree with the world it was computed from.
     */
    static AffectedRoutes.Changes withUnannounced(AffectedRoutes.Changes changes, Translation previous,
            KubernetesObjects world) {
        Set<ObjectRef> routes = new HashSet<>(changes.routes());
        Set<ObjectRef> present = new HashSet<>();
        for (var route : world.routes()) {
            ObjectRef ref = ObjectRef.of(route);
            present.add(ref);
            var facts = previous.routes().get(ref);
            if (facts == null || facts.generation() != generation(route)) {
                routes.add(ref);
            }
        }
        previous.routes().keySet().stream().filter(ref -> !present.contains(ref)).forEach(routes::add);
        Set<ObjectRef> policies = new HashSet<>(changes.policies());
        present.clear();
        for (var policy : world.policies()) {
            ObjectRef ref = ObjectRef.of(policy);
            present.add(ref);
            var facts = previous.policies().get(ref);
            if (facts == null || facts.generation() != generation(policy)) {
                policies.add(ref);
            }
        }
        previous.policies().keySet().stream().filter(ref -> !present.contains(ref)).forEach(policies::add);
        return new AffectedRoutes.Changes(routes, policies, changes.services(), changes.secrets());
    }

    private static long generation(io.fabric8.kubernetes.api.model.HasMetadata object) {
        Long generation = object.getMetadata().getGeneration();
        return generation == null ? 0 : generation;
    }
}
