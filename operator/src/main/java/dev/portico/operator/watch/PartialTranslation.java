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
        AffectedRoutes.Scope scope = AffectedRoutes.of(changes, world.routes(), world.policies(), previous);
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
}
