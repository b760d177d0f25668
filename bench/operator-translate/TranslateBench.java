// Full-translate and one-change benchmark for the operator's pure middle (resolve → translate → diff).
// Run: bench/operator-translate/run.sh   (see bench/results/operator-translate.md)

import dev.portico.api.v1alpha1.*;
import dev.portico.operator.resolve.KubernetesObjects;
import dev.portico.operator.resolve.ObjectRef;
import dev.portico.operator.resolve.ReferenceResolver;
import dev.portico.operator.resolve.ResolvedModel;
import dev.portico.operator.translate.EndpointsOnly;
import dev.portico.operator.translate.Translation;
import dev.portico.operator.translate.Translator;
import dev.portico.snapshot.Delta;
import dev.portico.snapshot.Snapshot;
import dev.portico.snapshot.codec.SnapshotJson;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

public class TranslateBench {

    static final int ROUTES = Integer.getInteger("routes", 5_000);
    static final int WARMUP = Integer.getInteger("warmup", 15);
    static final int RUNS = Integer.getInteger("runs", 30);

    public static void main(String[] args) {
        List<GatewayRoute> routes = new ArrayList<>();
        List<Service> services = new ArrayList<>();
        List<EndpointSlice> slices = new ArrayList<>();
        List<RateLimitPolicy> policies = new ArrayList<>();
        for (int i = 0; i < ROUTES; i++) {
            String ns = "team-" + (i % 50);
            routes.add(route(ns, i, "/api/v1/things-" + i));
            services.add(service(ns, "svc-" + i));
            slices.add(slice(ns, "svc-" + i, i, 3));
            if (i % 10 == 0) {
                policies.add(policy(ns, i));
            }
        }
        KubernetesObjects objects = new KubernetesObjects(routes, policies, services, slices, List.<Secret>of());

        System.out.printf("routes=%d services=%d endpointSlices=%d policies=%d cores=%d heapMax=%dMB java=%s%n",
                ROUTES, services.size(), slices.size(), policies.size(), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"));

        ResolvedModel model = ReferenceResolver.resolve(objects);
        report("resolve", () -> ReferenceResolver.resolve(objects));
        report("translate", () -> Translator.translate(model));
        report("resolve+translate", () -> Translator.translate(ReferenceResolver.resolve(objects)));

        Translation before = Translator.translate(model);
        Snapshot snapshot = before.snapshotFor("default").withVersion(1);
        byte[] full = SnapshotJson.toBytes(snapshot);
        System.out.printf("snapshot: routes=%d clusters=%d json=%d bytes (%.1f MB)%n", snapshot.routes().size(),
                snapshot.clusters().size(), full.length, full.length / 1e6);
        report("snapshot JSON encode", () -> SnapshotJson.toBytes(snapshot));

        // One route's spec changes: its path moves. Everything is re-translated; the diff carries one route.
        List<GatewayRoute> changed = new ArrayList<>(routes);
        int victim = ROUTES / 2;
        changed.set(victim, route("team-" + (victim % 50), victim, "/api/v2/moved-" + victim));
        changed.get(victim).getMetadata().setGeneration(2L);
        KubernetesObjects objects2 = new KubernetesObjects(changed, policies, services, slices, List.of());
        Snapshot next = Translator.translate(ReferenceResolver.resolve(objects2)).snapshotFor("default").withVersion(2);
        Delta delta = snapshot.diff(next);
        byte[] deltaBytes = SnapshotJson.toBytes(delta);
        System.out.printf("one-route change: delta routes=%d removedRoutes=%d clusters=%d removedClusters=%d json=%d bytes"
                        + " (%.4f%% of the full snapshot)%n", delta.routes().size(), delta.removedRoutes().size(),
                delta.clusters().size(), delta.removedClusters().size(), deltaBytes.length, 100.0 * deltaBytes.length / full.length);
        System.out.printf("  one route's own JSON = %d bytes%n", SnapshotJson.toBytes(next.routesById()
                .get("team-" + (victim % 50) + "/route-" + victim)).length);
        report("diff (incl. content hash of next)", () -> snapshot.diff(next));

        // One Service's endpoints change: the fast path, no route re-translated.
        List<EndpointSlice> slices2 = new ArrayList<>(slices);
        slices2.set(victim, slice("team-" + (victim % 50), "svc-" + victim, victim, 4));
        Set<ObjectRef> changedServices = Set.of(new ObjectRef("team-" + (victim % 50), "svc-" + victim));
        EndpointsOnly.Change change = EndpointsOnly.apply(before, changedServices, services, slices2);
        Snapshot afterEndpoints = change.next().snapshotFor("default").withVersion(2);
        Delta endpointDelta = snapshot.diff(afterEndpoints);
        System.out.printf("one-Service endpoint change: changed clusters=%d, delta routes=%d clusters=%d json=%d bytes%n",
                change.changedClusters().get("default").size(), endpointDelta.routes().size(),
                endpointDelta.clusters().size(), SnapshotJson.toBytes(endpointDelta).length);
        report("EndpointsOnly.apply", () -> EndpointsOnly.apply(before, changedServices, services, slices2));
    }

    static void report(String what, Supplier<?> work) {
        for (int i = 0; i < WARMUP; i++) {
            work.get();
        }
        double[] ms = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long t0 = System.nanoTime();
            work.get();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf("%-36s median %7.1f ms  p90 %7.1f ms  max %7.1f ms  (%d runs after %d warm-up)%n", what,
                ms[RUNS / 2], ms[(int) (RUNS * 0.9)], ms[RUNS - 1], RUNS, WARMUP);
    }

    static GatewayRoute route(String ns, int i, String prefix) {
        GatewayRoute route = new GatewayRoute();
        route.setMetadata(new ObjectMetaBuilder().withNamespace(ns).withName("route-" + i).withGeneration(1L)
                .withCreationTimestamp(String.format("2026-01-01T%02d:%02d:%02dZ", (i / 3600) % 24, (i / 60) % 60, i % 60))
                .build());
        GatewayRouteSpec spec = new GatewayRouteSpec();
        spec.setHosts(List.of("svc-" + i + ".shop.example"));
        RouteRule proxy = new RouteRule();
        proxy.setName("proxy");
        HttpMatch m = new HttpMatch();
        HttpPathMatch p = new HttpPathMatch();
        p.setType(PathMatchType.PathPrefix);
        p.setValue(prefix);
        m.setPath(p);
        proxy.setMatches(List.of(m));
        WeightedBackend main = new WeightedBackend();
        main.setService("svc-" + i);
        main.setPort(80);
        main.setWeight(90);
        WeightedBackend canary = new WeightedBackend();
        canary.setService("svc-" + ((i + 50) % ROUTES)); // same namespace: team-(i % 50)
        canary.setPort(80);
        canary.setWeight(10);
        proxy.setBackends(List.of(main, canary));
        proxy.setTimeout("5s");
        RouteRule byId = new RouteRule();
        byId.setName("by-id");
        HttpMatch tm = new HttpMatch();
        HttpPathMatch tp = new HttpPathMatch();
        tp.setType(PathMatchType.Template);
        tp.setValue("/items-" + i + "/{id}");
        tm.setPath(tp);
        tm.setMethod(HttpMethod.GET);
        byId.setMatches(List.of(tm));
        byId.setBackends(List.of(main));
        UrlRewrite rw = new UrlRewrite();
        PathRewrite pr = new PathRewrite();
        pr.setType(PathRewriteType.ReplaceFullPath);
        pr.setValue("/things/{id}");
        rw.setPath(pr);
        byId.setRewrite(rw);
        spec.setRules(List.of(proxy, byId));
        route.setSpec(spec);
        return route;
    }

    static RateLimitPolicy policy(String ns, int i) {
        RateLimitPolicy policy = new RateLimitPolicy();
        policy.setMetadata(new ObjectMetaBuilder().withNamespace(ns).withName("limit-" + i).withGeneration(1L).build());
        RateLimitPolicySpec spec = new RateLimitPolicySpec();
        PolicyTargetRef target = new PolicyTargetRef();
        target.setKind(TargetKind.GatewayRoute);
        target.setName("route-" + i);
        spec.setTargetRefs(List.of(target));
        RequestLimit limit = new RequestLimit();
        limit.setName("per-ip");
        limit.setRequests(100);
        limit.setPeriod("1m");
        LimitKey key = new LimitKey();
        key.setType(LimitKeyType.ClientIP);
        limit.setKey(key);
        spec.setLimits(List.of(limit));
        policy.setSpec(spec);
        return policy;
    }

    static Service service(String ns, String name) {
        return new ServiceBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
                .withNewSpec().addNewPort().withName("http").withPort(80).endPort().endSpec().build();
    }

    static EndpointSlice slice(String ns, String service, int i, int endpoints) {
        EndpointSliceBuilder b = new EndpointSliceBuilder().withNewMetadata().withNamespace(ns).withName(service + "-x")
                .addToLabels("kubernetes.io/service-name", service).endMetadata()
                .withAddressType("IPv4").addNewPort().withName("http").withPort(8080).endPort();
        for (int e = 0; e < endpoints; e++) {
            b.addNewEndpoint().withAddresses("10." + (i / 250) + "." + (i % 250) + "." + (e + 1))
                    .withNewConditions().withReady(true).endConditions().endEndpoint();
        }
        return b.build();
    }
}
