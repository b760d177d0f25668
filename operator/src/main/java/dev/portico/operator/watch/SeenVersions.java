package dev.portico.operator.watch;

import dev.portico.operator.resolve.KubernetesObjects;
import dev.portico.operator.resolve.ObjectRef;
import dev.portico.operator.resolve.ServiceEndpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The resourceVersions of the Services, EndpointSlices and Secrets the last translation read, so the next
 * one can tell what changed in the caches even before the informer event announcing it arrives.
 * Confined to the translation thread.
 */
final class SeenVersions {
    private Map<ObjectRef, String> services = Map.of();
    private Map<ObjectRef, String> secrets = Map.of();
    private Map<ObjectRef, String> slices = Map.of();
    private Map<ObjectRef, ObjectRef> sliceServices = Map.of();

    void remember(List<Service> currentServices, List<EndpointSlice> currentSlices, List<Secret> currentSecrets) {
        services = versions(currentServices);
        secrets = versions(currentSecrets);
        slices = versions(currentSlices);
        Map<ObjectRef, ObjectRef> owners = new HashMap<>();
        currentSlices.forEach(s -> owners.put(ObjectRef.of(s), ServiceEndpoints.serviceOf(s)));
        sliceServices = owners;
    }

    /**
     * {@code changes} plus every Service (also by its EndpointSlices) and Secret that differs from what was seen,
     * less the announced ones the last translation already read as they are now: an informer's event can arrive
     * after a translation that read its object (the first events after start-up do), and a Service many routes
     * name would otherwise make the next run translate them all again for nothing.
     */
    AffectedRoutes.Changes addUnannounced(AffectedRoutes.Changes changes, KubernetesObjects world) {
        Map<ObjectRef, String> currentServices = versions(world.services());
        Set<ObjectRef> changedServices = news(changes.services(), services, currentServices);
        changedServices.addAll(differing(services, currentServices));
        Map<ObjectRef, String> currentSlices = versions(world.endpointSlices());
        Map<ObjectRef, ObjectRef> owners = new HashMap<>(sliceServices);
        world.endpointSlices().forEach(s -> owners.put(ObjectRef.of(s), ServiceEndpoints.serviceOf(s)));
        for (ObjectRef slice : differing(slices, currentSlices)) {
            ObjectRef service = owners.get(slice);
            if (service != null) {
                changedServices.add(service);
            }
        }
        Map<ObjectRef, String> currentSecrets = versions(world.secrets());
        Set<ObjectRef> changedSecrets = news(changes.secrets(), secrets, currentSecrets);
        changedSecrets.addAll(differing(secrets, currentSecrets));
        return new AffectedRoutes.Changes(changes.routes(), changes.policies(), changedServices, changedSecrets);
    }

    /** The announced refs whose object is not, as it is now, what was seen. */
    private static Set<ObjectRef> news(Set<ObjectRef> announced, Map<ObjectRef, String> seen, Map<ObjectRef, String> now) {
        Set<ObjectRef> news = new HashSet<>();
        for (ObjectRef ref : announced) {
            String version = now.get(ref);
            if (version == null || !version.equals(seen.get(ref))) {
                news.add(ref);
            }
        }
        return news;
    }

    private static Map<ObjectRef, String> versions(List<? extends HasMetadata> objects) {
        Map<ObjectRef, String> versions = new HashMap<>();
        objects.forEach(o -> versions.put(ObjectRef.of(o), o.getMetadata().getResourceVersion()));
        return versions;
    }

    private static Set<ObjectRef> differing(Map<ObjectRef, String> before, Map<ObjectRef, String> now) {
        Set<ObjectRef> refs = new HashSet<>();
        now.forEach((ref, version) -> {
            if (!Objects.equals(version, before.get(ref))) {
                refs.add(ref);
            }
        });
        before.keySet().stream().filter(ref -> !now.containsKey(ref)).forEach(refs::add);
        return refs;
    }
}
