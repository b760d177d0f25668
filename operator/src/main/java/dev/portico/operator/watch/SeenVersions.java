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

    /** {@code changes} plus every Service (also by its EndpointSlices) and Secret that differs from what was seen. */
    AffectedRoutes.Changes addUnannounced(AffectedRoutes.Changes changes, KubernetesObjects world) {
        Set<ObjectRef> changedServices = new HashSet<>(changes.services());
        changedServices.addAll(differing(services, versions(world.services())));
        Map<ObjectRef, String> currentSlices = versions(world.endpointSlices());
        Map<ObjectRef, ObjectRef> owners = new HashMap<>(sliceServices);
        world.endpointSlices().forEach(s -> owners.put(ObjectRef.of(s), ServiceEndpoints.serviceOf(s)));
        for (ObjectRef slice : differing(slices, currentSlices)) {
            ObjectRef service = owners.get(slice);
            if (service != null) {
                changedServices.add(service);
            }
        }
        Set<ObjectRef> changedSecrets = new HashSet<>(changes.secrets());
        changedSecrets.addAll(differing(secrets, versions(world.secrets())));
        return new AffectedRoutes.Changes(changes.routes(), changes.policies(), changedServices, changedSecrets);
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
