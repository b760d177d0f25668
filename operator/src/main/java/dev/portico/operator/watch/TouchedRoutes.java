package dev.portico.operator.watch;

import dev.portico.api.v1alpha1.GatewayRoute;
import dev.portico.operator.resolve.ObjectRef;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The routes the informer took in since the change path last looked (news and status writes alike), so the
 * {@link ClaimIndex} is brought up to date for those alone instead of every route being listed and compared
 * per change. Touches come from informer threads; everything else runs on the translation thread.
 */
final class TouchedRoutes {
    private final Set<ObjectRef> touched = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean absorbDue = new AtomicBoolean();
    // what taking touches in between runs found re-specified or gone: the next run takes them as changed
    private final Set<ObjectRef> respecified = new HashSet<>();

    /** @return true for the first touch since the last {@link #absorb}: the caller schedules one */
    boolean touch(GatewayRoute route) {
        touched.add(ObjectRef.of(route));
        return absorbDue.compareAndSet(false, true);
    }

    /** An absorb could not be scheduled after all. */
    void absorbCancelled() {
        absorbDue.set(false);
    }

    /** Between runs: takes the touched routes into {@code index}, as {@code current} has them now. */
    void absorb(ClaimIndex index, Function<ObjectRef, GatewayRoute> current) {
        absorbDue.set(false);
        respecified.addAll(index.refresh(PendingChanges.drain(touched), current));
    }

    /**
     * For a run: takes the touched and the {@code announced} routes into {@code index}.
     *
     * @return every route re-specified, created or deleted since the last run, as far as the index saw
     */
    Set<ObjectRef> refresh(ClaimIndex index, Set<ObjectRef> announced, Function<ObjectRef, GatewayRoute> current) {
        Set<ObjectRef> refs = PendingChanges.drain(touched);
        refs.addAll(announced);
        Set<ObjectRef> found = index.refresh(refs, current);
        found.addAll(respecified);
        respecified.clear();
        return found;
    }

    /** A whole translation brought the index to the world: nothing found before it is news any more. */
    void forget() {
        respecified.clear();
    }
}
