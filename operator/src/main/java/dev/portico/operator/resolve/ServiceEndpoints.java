package dev.portico.operator.resolve;

import dev.portico.snapshot.Cluster;
import dev.portico.snapshot.Endpoint;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Services and their EndpointSlices, indexed by {@code namespace/name}, answering "which ready endpoints
 * serve this Service port" the way kube-proxy does.
 */
public final class ServiceEndpoints {

    /** The label by which an EndpointSlice names its Service. */
    public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    private final Map<ObjectRef, Service> services = new HashMap<>();
    private final Map<ObjectRef, List<EndpointSlice>> slicesByService = new HashMap<>();

    public ServiceEndpoints(Collection<Service> services, Collection<EndpointSlice> slices) {
        services.forEach(s -> this.services.put(ObjectRef.of(s), s));
        for (EndpointSlice slice : slices) {
            ObjectRef service = serviceOf(slice);
            if (service != null) {
                slicesByService.computeIfAbsent(service, k -> new ArrayList<>()).add(slice);
            }
        }
    }

    /** The Service an EndpointSlice belongs to, or null when it carries no service-name label. */
    public static ObjectRef serviceOf(EndpointSlice slice) {
        Map<String, String> labels = slice.getMetadata().getLabels();
        String name = labels == null ? null : labels.get(SERVICE_NAME_LABEL);
        return name == null ? null : new ObjectRef(slice.getMetadata().getNamespace(), name);
    }

    /** The result of looking up one Service port: always a cluster (possibly unusable), maybe a problem. */
    public record Lookup(Cluster cluster, RefProblem problem) {
    }

    public Lookup lookup(String namespace, String serviceName, int port) {
        String clusterName = Cluster.nameOf(namespace, serviceName, port);
        Service service = services.get(new ObjectRef(namespace, serviceName));
        if (service == null) {
            return notFound(clusterName, namespace, serviceName, port,
                    "service " + namespace + "/" + serviceName + " not found");
        }
        ServicePort servicePort = portOf(service, port);
        if (servicePort == null) {
            return notFound(clusterName, namespace, serviceName, port,
                    "service " + namespace + "/" + serviceName + " has no port " + port);
        }
        List<Endpoint> ready = readyEndpoints(slicesByService.getOrDefault(new ObjectRef(namespace, serviceName),
                List.of()), servicePort);
        return new Lookup(new Cluster(clusterName, namespace, serviceName, port, true, ready), null);
    }

    /** The route's condition and the data plane's 500 say the same thing. */
    private static Lookup notFound(String clusterName, String namespace, String serviceName, int port, String what) {
        return new Lookup(new Cluster(clusterName, namespace, serviceName, port, false, List.of(), what),
                new RefProblem(RefProblem.BACKEND_NOT_FOUND, what));
    }

    private static ServicePort portOf(Service service, int port) {
        if (service.getSpec() == null || service.getSpec().getPorts() == null) {
            return null;
        }
        // HTTP rides on TCP: a UDP port with the same number (DNS-style Services) is not the backend.
        return service.getSpec().getPorts().stream()
                .filter(p -> p.getPort() != null && p.getPort() == port)
                .filter(p -> p.getProtocol() == null || p.getProtocol().equalsIgnoreCase("TCP"))
                .findFirst().orElse(null);
    }

    private static List<Endpoint> readyEndpoints(List<EndpointSlice> slices, ServicePort servicePort) {
        Set<Endpoint> ready = new LinkedHashSet<>();
        for (EndpointSlice slice : slices) {
            Integer targetPort = slicePort(slice, servicePort);
            if (targetPort == null || slice.getEndpoints() == null) {
                continue;
            }
            for (var endpoint : slice.getEndpoints()) {
                // Kubernetes: an unknown readiness (null) is to be read as ready.
                boolean notReady = endpoint.getConditions() != null
                        && Boolean.FALSE.equals(endpoint.getConditions().getReady());
                if (notReady || endpoint.getAddresses() == null) {
                    continue;
                }
                endpoint.getAddresses().forEach(address -> ready.add(new Endpoint(address, targetPort)));
            }
        }
        return List.copyOf(ready);
    }

    /**
     * The slice's port that serves {@code servicePort}: Kubernetes names slice ports after the Service port;
     * a slice written by hand (the sandbox) may instead just carry the numeric target port.
     */
    private static Integer slicePort(EndpointSlice slice, ServicePort servicePort) {
        List<EndpointPort> ports = slice.getPorts() == null ? List.of() : slice.getPorts();
        String wanted = Objects.requireNonNullElse(servicePort.getName(), "");
        for (EndpointPort p : ports) {
            if (wanted.equals(Objects.requireNonNullElse(p.getName(), "")) && p.getPort() != null) {
                return p.getPort();
            }
        }
        Integer numericTarget = numericTargetPort(servicePort);
        for (EndpointPort p : ports) {
            if (p.getPort() != null && p.getPort().equals(numericTarget)) {
                return p.getPort();
            }
        }
        return null;
    }

    private static Integer numericTargetPort(ServicePort servicePort) {
        IntOrString target = servicePort.getTargetPort();
        if (target == null) {
            return servicePort.getPort();
        }
        return target.getIntVal();
    }
}
