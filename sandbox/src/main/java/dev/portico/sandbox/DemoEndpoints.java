package dev.portico.sandbox;

import dev.portico.sandbox.demo.DemoShop;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The sandbox's EndpointSlice controller, for the demo replicas it started: every Service, in any namespace,
 * whose selector picks some of them gets one EndpointSlice per replica, {@code <service>-1}, {@code -2}, ...
 * (a slice's ports hold for all its endpoints, and the replicas share 127.0.0.1 on different ports). So a
 * Service you apply with {@code selector: {app: user-service}} finds the demo users as it would find pods.
 * It touches only the slices it labelled: slices you write by hand for a process of your own (under a
 * Service without a selector) are yours.
 */
final class DemoEndpoints implements AutoCloseable {
    static final String SERVICE_NAME = "kubernetes.io/service-name";
    static final String MANAGED_BY = "endpointslice.kubernetes.io/managed-by";
    static final String SANDBOX = "sandbox.portico.dev";

    private final KubernetesClient client;
    private final DemoShop shop;
    private SharedIndexInformer<Service> informer;

    private DemoEndpoints(KubernetesClient client, DemoShop shop) {
        this.client = client;
        this.shop = shop;
    }

    /** Starts watching Services; the slices of those that exist now are written before this returns. */
    static DemoEndpoints start(KubernetesClient client, DemoShop shop) {
        DemoEndpoints endpoints = new DemoEndpoints(client, shop);
        endpoints.informer = client.services().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Service service) {
                endpoints.sync(service);
            }

            @Override
            public void onUpdate(Service before, Service after) {
                endpoints.sync(after);
            }

            @Override
            public void onDelete(Service service, boolean finalStateUnknown) {
                endpoints.remove(service);
            }
        });
        // so that the shop answers as soon as the sandbox says it is ready
        endpoints.informer.getStore().list().forEach(endpoints::sync);
        return endpoints;
    }

    /**
     * Writes only what differs from the slices there: a Service is synced twice at start (its informer's add and
     * the start's own pass) and again at every update of it, most of which change nothing here.
     */
    private synchronized void sync(Service service) {
        Map<String, String> selector = service.getSpec() == null ? null : service.getSpec().getSelector();
        List<DemoShop.Instance> picked = shop.selectedBy(selector);
        Map<String, EndpointSlice> there = new HashMap<>();
        owned(service).forEach(slice -> there.put(slice.getMetadata().getName(), slice));
        for (int i = 0; i < picked.size(); i++) {
            EndpointSlice slice = slice(service, picked.get(i), i + 1);
            EndpointSlice current = there.remove(slice.getMetadata().getName());
            if (current == null || !Objects.equals(current.getPorts(), slice.getPorts())
                    || !Objects.equals(current.getEndpoints(), slice.getEndpoints())) {
                client.resource(slice).createOr(NonDeletingOperation::update);
            }
        }
        there.values().forEach(stale -> client.resource(stale).delete()); // replicas it no longer selects
    }

    private synchronized void remove(Service service) {
        owned(service).forEach(slice -> client.resource(slice).delete());
    }

    private List<EndpointSlice> owned(Service service) {
        return client.resources(EndpointSlice.class).inNamespace(service.getMetadata().getNamespace())
                .withLabels(Map.of(SERVICE_NAME, service.getMetadata().getName(), MANAGED_BY, SANDBOX))
                .list().getItems();
    }

    /** One ready endpoint at the replica's address; every port of the Service leads to its one port. */
    static EndpointSlice slice(Service service, DemoShop.Instance instance, int ordinal) {
        String name = service.getMetadata().getName();
        EndpointSliceBuilder slice = new EndpointSliceBuilder()
                .withNewMetadata().withName(name + "-" + ordinal).withNamespace(service.getMetadata().getNamespace())
                .withLabels(Map.of(SERVICE_NAME, name, MANAGED_BY, SANDBOX))
                .endMetadata()
                .withAddressType("IPv4");
        for (ServicePort port : service.getSpec().getPorts()) {
            slice.addNewPort().withName(port.getName()).withPort(instance.port()).withProtocol("TCP").endPort();
        }
        return slice.addNewEndpoint().withAddresses(instance.address())
                .withNewTargetRef().withKind("Pod").withName(instance.name()).endTargetRef()
                .withNewConditions().withReady(true).withServing(true).withTerminating(false).endConditions()
                .endEndpoint().build();
    }

    @Override
    public void close() {
        if (informer != null) {
            informer.close();
        }
    }
}
