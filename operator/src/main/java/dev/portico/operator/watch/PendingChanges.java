package dev.portico.operator.watch;

import dev.portico.api.v1alpha1.GatewayRoute;
import dev.portico.api.v1alpha1.RateLimitPolicy;
import dev.portico.operator.resolve.ObjectRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The news that waits for the next translation run: informer threads add to it, the translation thread takes
 * it, leaving whatever arrives meanwhile for the run after.
 */
final class PendingChanges {
    private final AtomicBoolean wholeWorld = new AtomicBoolean();
    private final Set<ObjectRef> routes = ConcurrentHashMap.newKeySet();
    private final Set<ObjectRef> policies = ConcurrentHashMap.newKeySet();
    private final Set<ObjectRef> services = ConcurrentHashMap.newKeySet();
    private final Set<ObjectRef> secrets = ConcurrentHashMap.newKeySet();
    private final Set<ObjectRef> endpoints = ConcurrentHashMap.newKeySet();

    /** A GatewayRoute, RateLimitPolicy, Service or Secret changed; any other kind takes the whole world. */
    void changed(HasMetadata object) {
        ObjectRef ref = ObjectRef.of(object);
        if (object instanceof GatewayRoute) {
            routes.add(ref);
        } else if (object instanceof RateLimitPolicy) {
            policies.add(ref);
        } else if (object instanceof Service) {
            services.add(ref);
        } else if (object instanceof Secret) {
            secrets.add(ref);
        } else {
            wholeWorld.set(true);
        }
    }

    void wholeWorld() {
        wholeWorld.set(true);
    }

    /** Only the EndpointSlices of {@code service} changed. */
    void endpointsChanged(ObjectRef service) {
        endpoints.add(service);
    }

    /** @return whether the whole world was asked for since the last call */
    boolean takeWholeWorld() {
        return wholeWorld.getAndSet(false);
    }

    AffectedRoutes.Changes takeChanges() {
        return new AffectedRoutes.Changes(drain(routes), drain(policies), drain(services), drain(secrets));
    }

    /** The Services whose EndpointSlices alone changed. */
    Set<ObjectRef> takeEndpoints() {
        return drain(endpoints);
    }

    /** Takes what {@code pending} holds now, leaving what arrives meanwhile. */
    static Set<ObjectRef> drain(Set<ObjectRef> pending) {
        Set<ObjectRef> taken = new HashSet<>(pending);
        pending.removeAll(taken);
        return taken;
    }
}
