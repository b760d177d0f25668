// Emulated Kubernetes API store cost: with 5,000 GatewayRoutes (plus 100 Services and 100 EndpointSlices)
// stored, the latency of single-object requests and of LISTs, through a Fabric8 client on 127.0.0.1.
// Run: bench/apiserver/run.sh   (see bench/results/apiserver.md)

import dev.portico.apiserver.EmulatedApiServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

public class ApiStoreBench {
    static final int ROUTES = Integer.getInteger("routes", 5_000);
    static final int SERVICES = Integer.getInteger("services", 100);
    static final int OPS = Integer.getInteger("ops", 200);
    static final int LISTS = Integer.getInteger("lists", 10);
    static final int WRITERS = Integer.getInteger("writers", 4);
    static final String NS = "bench";

    public static void main(String[] args) {
        try {
            run();
            System.exit(0);
        } catch (Throwable e) {
            e.printStackTrace(System.out);
            System.exit(1);
        }
    }

    static void run() throws Exception {
        try (EmulatedApiServer api = EmulatedApiServer.start("127.0.0.1", 0)) {
            KubernetesClient kube = api.client();
            try (InputStream in = Files.newInputStream(Path.of("crds", "gatewayroutes.portico.dev-v1.yml"))) {
                kube.apiextensions().v1().customResourceDefinitions()
                        .resource(kube.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class)).create();
            }
            kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
            MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> routes =
                    kube.genericKubernetesResources("portico.dev/v1alpha1", "GatewayRoute");

            long loadStart = System.nanoTime();
            for (int s = 0; s < SERVICES; s++) {
                kube.services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata().withName("svc-" + s)
                        .endMetadata().withNewSpec().addNewPort().withName("http").withPort(8080).withNewTargetPort(8080)
                        .endPort().endSpec().build()).create();
                kube.discovery().v1().endpointSlices().inNamespace(NS).resource(new EndpointSliceBuilder().withNewMetadata()
                        .withName("svc-" + s).addToLabels("kubernetes.io/service-name", "svc-" + s).endMetadata()
                        .withAddressType("IPv4").withEndpoints(new EndpointBuilder().withAddresses("10.1." + s / 250 + "." + (s % 250 + 1))
                                .withNewConditions().withReady(true).endConditions().build())
                        .addNewPort().withName("http").withPort(8080).endPort().build()).create();
            }
            List<Double> creates = new ArrayList<>();
            for (int i = 0; i < ROUTES; i++) {
                GenericKubernetesResource route = route(kube, i);
                long t0 = System.nanoTime();
                routes.inNamespace(NS).resource(route).create();
                creates.add((System.nanoTime() - t0) / 1e6);
            }
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;

            // spread over the whole store, so no request is lucky with the store's iteration order
            int step = Math.max(1, ROUTES / OPS);
            List<Double> gets = time(OPS, k -> routes.inNamespace(NS).withName("route-" + (k * step) % ROUTES).get());
            List<GenericKubernetesResource> fetched = new ArrayList<>();
            for (int k = 0; k < OPS; k++) {
                fetched.add(routes.inNamespace(NS).withName("route-" + (k * step) % ROUTES).get());
            }
            List<Double> puts = time(OPS, k -> {
                GenericKubernetesResource route = fetched.get(k);
                @SuppressWarnings("unchecked")
                Map<String, Object> spec = (Map<String, Object>) route.getAdditionalProperties().get("spec");
                spec.put("hosts", List.of("changed-" + k + ".shop.example"));
                routes.inNamespace(NS).resource(route).update();
            });
            List<Double> statusPatches = time(OPS, k -> routes.inNamespace(NS).withName("route-" + (k * step) % ROUTES)
                    .subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                            "{\"status\":{\"observedGeneration\":2,\"conditions\":[{\"type\":\"Accepted\",\"status\":\"True\","
                                    + "\"reason\":\"Accepted\",\"message\":\"bench " + k + "\",\"lastTransitionTime\":\"2026-11-26T00:00:00Z\"}]}}"));
            List<Double> missing = time(OPS, k -> routes.inNamespace(NS).withName("absent-" + k).get());
            time(3, k -> routes.inNamespace(NS).list()); // warm-up: the client's decoding of 5,000 objects is JIT-bound
            List<Double> routeLists = time(LISTS, k -> routes.inNamespace(NS).list());
            List<Double> serviceLists = time(LISTS, k -> kube.services().inNamespace(NS).list());

            // like the operator writing every route's status at start: all routes, from several threads at once
            List<Double> allStatus = Collections.synchronizedList(new ArrayList<>());
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(WRITERS);
            long statusStart = System.nanoTime();
            List<java.util.concurrent.Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int first = w;
                writers.add(pool.submit(() -> {
                    for (int i = first; i < ROUTES; i += WRITERS) {
                        long t0 = System.nanoTime();
                        routes.inNamespace(NS).withName("route-" + i).subresource("status").patch(
                                PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"observedGeneration\":1,\"conditions\":"
                                        + "[{\"type\":\"Programmed\",\"status\":\"True\",\"reason\":\"Programmed\","
                                        + "\"message\":\"all\",\"lastTransitionTime\":\"2026-11-26T00:00:00Z\"}]}}");
                        allStatus.add((System.nanoTime() - t0) / 1e6);
                    }
                }));
            }
            for (java.util.concurrent.Future<?> writer : writers) {
                writer.get();
            }
            double statusSeconds = (System.nanoTime() - statusStart) / 1e9;
            pool.shutdown();

            System.out.printf("routes=%d services=%d endpointSlices=%d ops=%d lists=%d cores=%d heapMax=%dMB java=%s%n",
                    ROUTES, SERVICES, SERVICES, OPS, LISTS, Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"));
            System.out.printf("load (100 Services, 100 EndpointSlices, %d GatewayRoutes, one client, sequential): %.1f s%n",
                    ROUTES, loadSeconds);
            System.out.printf("of which the %d route create requests: %.1f s (the rest is the client building the objects)%n",
                    ROUTES, creates.stream().mapToDouble(Double::doubleValue).sum() / 1e3);
            line("create route (all " + ROUTES + ")", creates);
            line("create route (first 500)", creates.subList(0, Math.min(500, creates.size())));
            line("create route (last 500)", creates.subList(Math.max(0, creates.size() - 500), creates.size()));
            line("GET route", gets);
            line("GET absent route (404)", missing);
            line("PUT route (spec change)", puts);
            line("PATCH route/status (merge)", statusPatches);
            line("LIST " + ROUTES + " routes", routeLists);
            line("LIST " + SERVICES + " services", serviceLists);
            System.out.printf("status merge-PATCH of all %d routes from %d threads at once: %.1f s%n", ROUTES, WRITERS,
                    statusSeconds);
            line("  each of those PATCHes", allStatus);
        }
    }

    static List<Double> time(int count, IntConsumer request) {
        List<Double> millis = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            long t0 = System.nanoTime();
            request.accept(k);
            millis.add((System.nanoTime() - t0) / 1e6);
        }
        return millis;
    }

    static void line(String what, List<Double> millis) {
        System.out.printf("%-32s n=%-5d p50 %8.2f ms   p99 %8.2f ms   max %8.2f ms%n", what, millis.size(),
                pct(millis, 50), pct(millis, 99), Collections.max(millis));
    }

    static GenericKubernetesResource route(KubernetesClient kube, int i) {
        String yaml = """
                apiVersion: portico.dev/v1alpha1
                kind: GatewayRoute
                metadata: {name: route-%d, namespace: %s}
                spec:
                  hosts: [svc-%d.shop.example]
                  rules:
                  - name: main
                    matches: [{path: {type: PathPrefix, value: /api/things-%d}}]
                    backends: [{service: svc-%d, port: 8080}]
                """.formatted(i, NS, i, i, i % SERVICES);
        return kube.getKubernetesSerialization().unmarshal(yaml, GenericKubernetesResource.class);
    }

    static double pct(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
