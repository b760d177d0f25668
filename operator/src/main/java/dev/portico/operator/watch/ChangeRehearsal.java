package dev.portico.operator.watch;

import dev.portico.api.v1alpha1.GatewayRoute;
import dev.portico.api.v1alpha1.GatewayRouteSpec;
import dev.portico.api.v1alpha1.HttpMatch;
import dev.portico.api.v1alpha1.HttpPathMatch;
import dev.portico.api.v1alpha1.PathMatchType;
import dev.portico.api.v1alpha1.RouteRule;
import dev.portico.api.v1alpha1.WeightedBackend;
import dev.portico.operator.resolve.KubernetesObjects;
import dev.portico.operator.resolve.ObjectRef;
import dev.portico.operator.resolve.ReferenceResolver;
import dev.portico.operator.resolve.ServiceEndpoints;
import dev.portico.operator.status.StatusBoard;
import dev.portico.operator.stream.PublishedSnapshot;
import dev.portico.operator.stream.SnapshotPublisher;
import dev.portico.operator.stream.SnapshotStreamServer;
import dev.portico.operator.translate.LastAccepted;
import dev.portico.operator.translate.Translation;
import dev.portico.operator.translate.Translator;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the change path at start-up on a made-up world of four routes, every piece on a throwaway instance
 * (claim index, version store, status board): partial translation, splice, content hash, status facts and
 * the delta frame. Nothing it makes is published, written or kept.
 *
 * <p>Why: the first real change after start-up otherwise does the path's one-time work on the clock: loading
 * and linking its classes and lambdas, and building the JSON codec of a delta (until then only whole snapshots
 * were encoded), which took about 20 ms on the stream's event loop at the first change in
 * {@code bench/propagation/run.sh}. It does not try to get the path compiled: while start-up fills the JIT's
 * queue, even 250 rehearsals (165 ms of CPU) compiled nothing. Runs once the first world is out.
 */
final class ChangeRehearsal {
    /** Each kind of change (new spec, deletion, creation) once per route. */
    private static final int RUNS = 12;
    private static final String NAMESPACE = "portico-change-rehearsal";
    private static final int ROUTES = 4;
    private static final String SERVICE = "backend";

    private ChangeRehearsal() {
    }

    /** @return how many changes went through the whole path (each one a partial translation and a delta) */
    static int run() {
        List<GatewayRoute> routes = new ArrayList<>();
        for (int i = 0; i < ROUTES; i++) {
            routes.add(route(i, 1));
        }
        List<Service> services = List.of(service());
        List<EndpointSlice> slices = List.of(slice());
        ClaimIndex index = new ClaimIndex();
        SnapshotPublisher publisher = new SnapshotPublisher();
        StatusBoard board = new StatusBoard();
        KubernetesObjects world = world(routes, services, slices);
        index.update(world.routes());
        Translation previous = Translator.translate(ReferenceResolver.resolve(world));
        Map<String, PublishedSnapshot> before = publisher.publishWorld(previous.snapshots().values());
        board.update(previous, before);
        int deltas = 0;
        for (int run = 0; run < RUNS; run++) {
            int i = run % ROUTES;
            // the three kinds of change a route meets: a new spec, a deletion, a creation
            switch ((run / ROUTES) % 3) {
                case 0 -> routes.set(i, route(i, run + 2));
                case 1 -> routes.set(i, null);
                default -> routes.set(i, route(i, run + 2));
            }
            world = world(routes.stream().filter(r -> r != null).toList(), services, slices);
            ObjectRef changed = new ObjectRef(NAMESPACE, "route-" + i);
            AffectedRoutes.Changes changes = new AffectedRoutes.Changes(Set.of(changed), Set.of(), Set.of(), Set.of());
            // the operator's own way: the index takes in the route the informer reported, then the scope is translated
            GatewayRoute now = routes.get(i);
            Set<ObjectRef> respecified = index.refresh(Set.of(changed), ref -> now);
            Translation next = PartialTranslation.translateIndexed(previous, changes, respecified, false, world, index,
                    new LastAccepted(), new RunClock());
            if (next == null) {
                throw new IllegalStateException("a one-route change of the rehearsal took the whole-world path");
            }
            Map<String, PublishedSnapshot> after = publisher.publishWorld(next.snapshots().values());
            board.update(next, after);
            for (Map.Entry<String, PublishedSnapshot> group : after.entrySet()) {
                PublishedSnapshot base = before.get(group.getKey());
                if (base != null && base != group.getValue()) {
                    SnapshotStreamServer.encodeDelta(base, base.version(), group.getValue());
                    deltas++;
                }
            }
            previous = next;
            before = after;
        }
        return deltas;
    }

    private static KubernetesObjects world(List<GatewayRoute> routes, List<Service> services,
            List<EndpointSlice> slices) {
        return new KubernetesObjects(routes, List.of(), services, slices, List.of());
    }

    private static GatewayRoute route(int i, long generation) {
        HttpPathMatch path = new HttpPathMatch();
        path.setType(PathMatchType.PathPrefix);
        path.setValue("/rehearsal-" + i + "-" + generation);
        HttpMatch match = new HttpMatch();
        match.setPath(path);
        WeightedBackend backend = new WeightedBackend();
        backend.setService(SERVICE);
        backend.setPort(80);
        RouteRule rule = new RouteRule();
        rule.setMatches(List.of(match));
        rule.setBackends(List.of(backend));
        GatewayRouteSpec spec = new GatewayRouteSpec();
        spec.setRules(List.of(rule));
        GatewayRoute route = new GatewayRoute();
        route.setMetadata(new ObjectMetaBuilder().withNamespace(NAMESPACE).withName("route-" + i)
                .withGeneration(generation).build());
        route.setSpec(spec);
        return route;
    }

    private static Service service() {
        return new ServiceBuilder().withNewMetadata().withNamespace(NAMESPACE).withName(SERVICE).endMetadata()
                .withNewSpec().addNewPort().withName("http").withPort(80).withProtocol("TCP").endPort().endSpec()
                .build();
    }

    private static EndpointSlice slice() {
        return new EndpointSliceBuilder().withNewMetadata().withNamespace(NAMESPACE).withName(SERVICE + "-1")
                .addToLabels(ServiceEndpoints.SERVICE_NAME_LABEL, SERVICE).endMetadata()
                .withAddressType("IPv4")
                .addNewEndpoint().withAddresses("127.0.0.1").withNewConditions().withReady(true).endConditions()
                .endEndpoint()
                .addNewPort().withName("http").withPort(8080).withProtocol("TCP").endPort()
                .build();
    }
}
