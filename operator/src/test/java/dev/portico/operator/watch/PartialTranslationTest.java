package dev.portico.operator.watch;

import dev.portico.api.v1alpha1.GatewayRoute;
import dev.portico.api.v1alpha1.RateLimitPolicy;
import dev.portico.operator.resolve.KubernetesObjects;
import dev.portico.operator.resolve.ObjectRef;
import dev.portico.operator.resolve.ReferenceResolver;
import dev.portico.operator.translate.LastAccepted;
import dev.portico.operator.translate.Translation;
import dev.portico.operator.translate.Translator;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Partial translation must say exactly what a whole translation says, whatever changes: hosts shared and
 * unshared, conflicts won and lost, policies gaining and losing targets, Services and Secrets coming and going.
 */
class PartialTranslationTest {
    private static final KubernetesSerialization YAML = new KubernetesSerialization();
    private static final String[] HOSTS = new String[24];

    static {
        for (int h = 0; h < HOSTS.length; h++) {
            HOSTS[h] = h % 6 == 5 ? "*.wild-" + h + ".example" : "host-" + h + ".example";
        }
    }
    private static final String[] PATHS = {"/a", "/a/", "/b", "/c"};
    private static final String[] MATCHES = {"[{path: {type: PathPrefix, value: %s}}]", "[{path: {type: Exact, value: %s}}]",
        "[{path: {type: PathPrefix, value: %s}, method: GET}]", "[]"};

    private Random random;
    private final Map<ObjectRef, GatewayRoute> routes = new LinkedHashMap<>();
    private final Map<ObjectRef, RateLimitPolicy> policies = new LinkedHashMap<>();
    private final Map<ObjectRef, Service> services = new LinkedHashMap<>();
    private final Map<ObjectRef, Secret> secrets = new LinkedHashMap<>();
    private int generation;
    private boolean unannounced;

    @ParameterizedTest
    @ValueSource(longs = {20261126L, 7L, 1234567L})
    void aPartialTranslationEqualsTheWholeWorldsAfterEveryRandomChange(long seed) {
        randomChanges(seed, false);
    }

    /** An informer's cache holds a change before its event arrives: the world read must win over the news. */
    @ParameterizedTest
    @ValueSource(longs = {20261126L, 99L})
    void routeChangesWhoseEventsHaveNotArrivedAreTranslatedToo(long seed) {
        randomChanges(seed, true);
    }

    /**
     * The operator's own path: the index is brought up to date only for the routes the informer reported
     * (changes and status writes alike, the latter a new object of the same spec) and is read for the rest.
     */
    @ParameterizedTest
    @ValueSource(longs = {20261126L, 31L})
    void aPartialTranslationFromTheTouchedRoutesOnlyEqualsTheWholeWorlds(long seed) {
        touchedOnly = true;
        randomChanges(seed, false);
    }

    private boolean touchedOnly;

    private void randomChanges(long seed, boolean someUnannounced) {
        random = new Random(seed);
        unannounced = someUnannounced;
        for (int i = 0; i < 40; i++) {
            putRoute("ns-" + i % 2, "route-" + i);
        }
        for (int i = 0; i < 8; i++) {
            putPolicy("ns-" + i % 2, "policy-" + i);
        }
        for (int s = 0; s < 5; s++) {
            putService("ns-0", "svc-" + s);
            putService("ns-1", "svc-" + s);
        }
        putSecret("ns-0", "keys-0");
        Translation previous = whole();
        ClaimIndex index = new ClaimIndex(); // kept across steps, as the translation thread does
        if (touchedOnly) {
            index.update(routes.values()); // as every whole translation does
        }
        int partialRuns = 0;

        for (int step = 0; step < 300; step++) {
            AffectedRoutes.Changes changes = new AffectedRoutes.Changes(new java.util.HashSet<>(),
                    new java.util.HashSet<>(), new java.util.HashSet<>(), new java.util.HashSet<>());
            for (int n = 1 + random.nextInt(2); n > 0; n--) {
                change(changes);
            }
            Translation partial;
            if (touchedOnly) {
                Set<ObjectRef> touched = new java.util.HashSet<>(changes.routes());
                touched.addAll(statusWrites());
                Set<ObjectRef> respecified = index.refresh(touched, routes::get);
                KubernetesObjects rest = new KubernetesObjects(List.of(), List.copyOf(policies.values()),
                        List.copyOf(services.values()), List.of(), List.copyOf(secrets.values()));
                partial = PartialTranslation.translateIndexed(previous, changes, respecified, false, rest, index,
                        new LastAccepted(), new RunClock());
            } else {
                partial = PartialTranslation.translate(previous, changes, world(), index, new LastAccepted());
            }
            Translation expected = whole();
            if (partial != null) {
                partialRuns++;
                assertThat(TranslationSplice.same(partial, expected))
                        .as("step %d after %s: %s", step, changes, difference(partial, expected)).isTrue();
                previous = partial;
            } else {
                previous = expected;
                if (touchedOnly) {
                    index.update(routes.values());
                }
            }
        }
        assertThat(partialRuns).as("partial translations among 300 steps, world of %d routes", routes.size()).isGreaterThan(200);
    }

    @org.junit.jupiter.api.Test
    void routesWithoutHostsOnTheirOwnPathsAreTranslatedAlone() {
        List<GatewayRoute> all = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            all.add(YAML.unmarshal("""
                    apiVersion: portico.dev/v1alpha1
                    kind: GatewayRoute
                    metadata: {name: r-%1$d, namespace: ns, generation: 1}
                    spec:
                      rules:
                      - matches: [{path: {type: PathPrefix, value: /r-%1$d}}]
                        backends: [{service: svc, port: 80}]
                    """.formatted(i), GatewayRoute.class));
        }
        Translation previous = Translator.translate(ReferenceResolver.resolve(
                new KubernetesObjects(all, List.of(), List.of(), List.of(), List.of())));
        ObjectRef changed = new ObjectRef("ns", "r-7");
        AffectedRoutes.Scope scope = AffectedRoutes.of(new AffectedRoutes.Changes(Set.of(changed), Set.of(), Set.of(),
                Set.of()), all, List.of(), previous);
        assertThat(scope.routes()).containsExactly(changed);
    }

    private void change(AffectedRoutes.Changes changes) {
        int kind = random.nextInt(10);
        String ns = "ns-" + random.nextInt(2);
        if (kind < 5) {
            String name = "route-" + random.nextInt(45);
            ObjectRef ref = new ObjectRef(ns, name);
            if (routes.containsKey(ref) && random.nextInt(6) == 0) {
                routes.remove(ref);
            } else {
                putRoute(ns, name);
            }
            if (!unannounced || random.nextBoolean()) {
                changes.routes().add(ref);
            }
        } else if (kind < 7) {
            String name = "policy-" + random.nextInt(10);
            ObjectRef ref = new ObjectRef(ns, name);
            if (policies.containsKey(ref) && random.nextInt(4) == 0) {
                policies.remove(ref);
            } else {
                putPolicy(ns, name);
            }
            changes.policies().add(ref);
        } else if (kind < 9) {
            String name = "svc-" + random.nextInt(6);
            ObjectRef ref = new ObjectRef(ns, name);
            if (services.containsKey(ref)) {
                services.remove(ref);
            } else {
                putService(ns, name);
            }
            changes.services().add(ref);
        } else {
            String name = "keys-" + random.nextInt(2);
            ObjectRef ref = new ObjectRef(ns, name);
            if (secrets.containsKey(ref)) {
                secrets.remove(ref);
            } else {
                putSecret(ns, name);
            }
            changes.secrets().add(ref);
        }
    }

    /** Some routes get a new object with the same spec and generation, as a status write gives them. */
    private Set<ObjectRef> statusWrites() {
        Set<ObjectRef> written = new java.util.HashSet<>();
        for (ObjectRef ref : List.copyOf(routes.keySet())) {
            if (random.nextInt(8) == 0) {
                routes.put(ref, YAML.unmarshal(YAML.asYaml(routes.get(ref)), GatewayRoute.class));
                written.add(ref);
            }
        }
        return written;
    }

    private void putRoute(String ns, String name) {
        List<String> hosts = new ArrayList<>();
        int count = random.nextInt(12) == 0 ? 0 : random.nextInt(5) == 0 ? 2 : 1; // mostly one host, some none or two
        for (int h = count; h > 0; h--) {
            hosts.add(HOSTS[random.nextInt(HOSTS.length)]);
        }
        StringBuilder rules = new StringBuilder();
        for (int r = 1 + random.nextInt(2); r > 0; r--) {
            rules.append("  - name: rule-").append(r).append('\n')
                    .append("    matches: ").append(MATCHES[random.nextInt(MATCHES.length)]
                            .formatted(PATHS[random.nextInt(PATHS.length)])).append('\n')
                    .append("    backends: [{service: svc-").append(random.nextInt(6)).append(", port: 8080}]\n");
        }
        String auth = random.nextInt(5) == 0 ? "  auth: {apiKeys: {secretRef: {name: keys-" + random.nextInt(2) + "}}}\n"
                : "";
        String yaml = """
                apiVersion: portico.dev/v1alpha1
                kind: GatewayRoute
                metadata: {name: %s, namespace: %s, generation: %d, creationTimestamp: "2026-01-01T00:00:%02dZ"}
                spec:
                  gateway: %s
                  hosts: %s
                %s  rules:
                %s""".formatted(name, ns, ++generation, random.nextInt(20),
                random.nextInt(4) == 0 ? "internal" : "default",
                hosts.stream().map(h -> "\"" + h + "\"").toList(), auth, rules);
        routes.put(new ObjectRef(ns, name), YAML.unmarshal(yaml, GatewayRoute.class));
    }

    private void putPolicy(String ns, String name) {
        StringBuilder targets = new StringBuilder();
        for (int t = 1 + random.nextInt(2); t > 0; t--) {
            targets.append("  - {kind: GatewayRoute, name: route-").append(random.nextInt(45))
                    .append(random.nextInt(3) == 0 ? ", rule: rule-1" : "").append("}\n");
        }
        String yaml = """
                apiVersion: portico.dev/v1alpha1
                kind: RateLimitPolicy
                metadata: {name: %s, namespace: %s, generation: %d}
                spec:
                  targetRefs:
                %s  limits:
                  - {name: per-ip, requests: %d, period: 1m, key: {type: ClientIP}}
                """.formatted(name, ns, ++generation, targets, 1 + random.nextInt(100));
        policies.put(new ObjectRef(ns, name), YAML.unmarshal(yaml, RateLimitPolicy.class));
    }

    private void putService(String ns, String name) {
        services.put(new ObjectRef(ns, name), YAML.unmarshal("""
                apiVersion: v1
                kind: Service
                metadata: {name: %s, namespace: %s}
                spec: {ports: [{name: http, port: 8080, targetPort: 8080}]}
                """.formatted(name, ns), Service.class));
    }

    private void putSecret(String ns, String name) {
        secrets.put(new ObjectRef(ns, name), YAML.unmarshal("""
                apiVersion: v1
                kind: Secret
                metadata: {name: %s, namespace: %s}
                stringData: {acme: key-%d}
                """.formatted(name, ns, random.nextInt(1000)), Secret.class));
    }

    /** The first thing two translations disagree on, readable. */
    private static String difference(Translation partial, Translation whole) {
        java.util.Set<String> groups = new java.util.TreeSet<>(partial.snapshots().keySet());
        groups.addAll(whole.snapshots().keySet());
        for (String g : groups) {
            var p = partial.snapshotFor(g);
            var w = whole.snapshotFor(g);
            for (var e : w.routesById().entrySet()) {
                if (!e.getValue().equals(p.routesById().get(e.getKey()))) {
                    return "group " + g + " route " + e.getKey() + ": partial " + p.routesById().get(e.getKey())
                            + "\n whole " + e.getValue();
                }
            }
            for (String id : p.routesById().keySet()) {
                if (!w.routesById().containsKey(id)) {
                    return "group " + g + " partial has extra route " + id;
                }
            }
            if (!p.clusters().equals(w.clusters())) {
                return "group " + g + " clusters: partial " + p.clustersByName().keySet() + " whole "
                        + w.clustersByName().keySet() + "\n" + p.clusters() + "\n" + w.clusters();
            }
        }
        for (var e : whole.routes().entrySet()) {
            if (!e.getValue().equals(partial.routes().get(e.getKey()))) {
                return "facts of " + e.getKey() + ": partial " + partial.routes().get(e.getKey()) + "\n whole "
                        + e.getValue();
            }
        }
        if (!partial.routes().keySet().equals(whole.routes().keySet())) {
            return "route facts keys differ: " + partial.routes().keySet() + " vs " + whole.routes().keySet();
        }
        for (var e : whole.policies().entrySet()) {
            if (!e.getValue().equals(partial.policies().get(e.getKey()))) {
                return "facts of " + e.getKey() + ": partial " + partial.policies().get(e.getKey()) + "\n whole "
                        + e.getValue();
            }
        }
        return "policy facts keys differ: " + partial.policies().keySet() + " vs " + whole.policies().keySet();
    }

    private KubernetesObjects world() {
        return new KubernetesObjects(List.copyOf(routes.values()), List.copyOf(policies.values()),
                List.copyOf(services.values()), List.<EndpointSlice>of(), List.copyOf(secrets.values()));
    }

    private Translation whole() {
        return Translator.translate(ReferenceResolver.resolve(world()));
    }
}
