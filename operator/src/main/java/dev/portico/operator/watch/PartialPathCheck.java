package dev.portico.operator.watch;

import dev.portico.api.v1alpha1.GatewayRoute;
import dev.portico.operator.resolve.KubernetesObjects;
import dev.portico.operator.resolve.ObjectRef;
import dev.portico.operator.translate.LastAccepted;
import dev.portico.operator.translate.Translation;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Set;

/**
 * Once, after the first whole translation is out: a few unchanged routes go through the partial path again,
 * then are taken away and put back, and each result must equal the whole translation (a difference is
 * counted and logged): a guard on the splice's changes, deletions and creations.
 */
final class PartialPathCheck {
    private static final System.Logger LOG = System.getLogger(PartialPathCheck.class.getName());
    private static final int CHECKS = 3; // a guard, not a warm-up: 8 routes (24 runs) held the first changes back ~2.6 s

    private PartialPathCheck() {
    }

    /**
     * @param index brought to {@code world} by the whole translation; left there
     * @return how many results differed from {@code whole}
     */
    static int run(KubernetesObjects world, Translation whole, ClaimIndex index, LastAccepted lastAccepted) {
        List<GatewayRoute> routes = world.routes();
        int checks = Math.min(CHECKS, routes.size());
        int differing = 0;
        for (int i = 0; i < checks; i++) {
            GatewayRoute route = routes.get(i * routes.size() / checks);
            ObjectRef ref = ObjectRef.of(route);
            AffectedRoutes.Changes changes = new AffectedRoutes.Changes(Set.of(ref), Set.of(), Set.of(), Set.of());
            differing += differs(ref, "translated again",
                    PartialTranslation.translate(whole, changes, world, index, lastAccepted), whole);
            KubernetesObjects without = new KubernetesObjects(routes.stream().filter(r -> r != route).toList(),
                    world.policies(), world.services(), world.endpointSlices(), world.secrets());
            Translation gone = PartialTranslation.translate(whole, changes, without, index, lastAccepted);
            if (gone != null) {
                differing += differs(ref, "deleted and created again",
                        PartialTranslation.translate(gone, changes, world, index, lastAccepted), whole);
            }
        }
        return differing;
    }

    private static int differs(ObjectRef ref, String how, Translation partial, Translation whole) {
        if (partial == null || TranslationSplice.same(partial, whole)) {
            return 0;
        }
        LOG.log(Level.WARNING, "the partial translation of unchanged route {0} ({1}) differs from the whole "
                + "world''s in: {2}", ref, how, TranslationSplice.difference(partial, whole));
        return 1;
    }
}
