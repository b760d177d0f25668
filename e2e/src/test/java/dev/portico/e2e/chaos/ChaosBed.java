package dev.portico.e2e.chaos;

import dev.portico.api.v1alpha1.GatewayRoute;
import dev.portico.e2e.support.ChildJvm;
import dev.portico.e2e.support.DataPlaneNode;
import dev.portico.e2e.support.FreePorts;
import dev.portico.e2e.support.KubectlSession;
import dev.portico.e2e.support.OperatorNode;
import dev.portico.sandbox.Sandbox;
import dev.portico.sandbox.SandboxOptions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The system under fire, on loopback: the emulated Kubernetes API and test backends in this JVM, the
 * operator and the data planes as real child processes (so they can be SIGKILLed or SIGTERMed).
 * Everything it starts, {@link #close()} stops.
 */
final class ChaosBed implements AutoCloseable {
    static final String NS = "chaos";
    static final Duration STARTUP = Duration.ofSeconds(60);

    private final Path dir;
    private final Sandbox api;
    private final Vertx vertx = Vertx.vertx();
    private final int streamPort = FreePorts.next();
    private final List<DataPlaneNode> dataPlanes = new ArrayList<>();
    private final List<AutoCloseable> started = new ArrayList<>();
    private OperatorNode operator;
    private int operators;

    private final List<String> jvmFlags;
    private final KubernetesClient kube;

    private ChaosBed(Path dir, Sandbox api, List<String> jvmFlags) {
        this.dir = dir;
        this.api = api;
        this.jvmFlags = jvmFlags;
        this.kube = api.api().client(); // one client: each client() call builds a new one with its own event loops
    }

    /** The emulated API with the CRDs and namespace {@value #NS}, then the operator and {@code dataPlanes} data planes. */
    static ChaosBed start(Path dir, int dataPlanes, List<String> dataPlaneFlags) throws Exception {
        return start(dir, dataPlanes, dataPlaneFlags, ChildJvm.TEST_JVM_FLAGS);
    }

    /** @param jvmFlags JVM flags of every child process (an empty list: JVM defaults, as {@code ./portico} runs them) */
    static ChaosBed start(Path dir, int dataPlanes, List<String> dataPlaneFlags, List<String> jvmFlags) throws Exception {
        ChaosBed bed = withoutOperator(dir, jvmFlags);
        try {
            bed.startOperator();
            for (int i = 1; i <= dataPlanes; i++) {
                bed.startDataPlane("dp-" + i, dataPlaneFlags);
            }
            for (DataPlaneNode dp : bed.dataPlanes) {
                dp.awaitReady(STARTUP);
            }
        } catch (Exception | AssertionError e) {
            bed.close();
            throw e;
        }
        return bed;
    }

    /** Only the emulated API (CRDs, namespace {@value #NS}) and the backends' Vert.x: for loading objects first. */
    static ChaosBed withoutOperator(Path dir, List<String> jvmFlags) throws Exception {
        Sandbox api = Sandbox.start(new SandboxOptions(0, FreePorts.next(), 0, dir.resolve("sandbox"), 0, false,
                false, false, 0, null, 0, "127.0.0.1", false));
        ChaosBed bed = new ChaosBed(dir, api, List.copyOf(jvmFlags));
        try {
            bed.kube().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata()
                    .build()).create();
        } catch (RuntimeException e) {
            bed.close();
            throw e;
        }
        return bed;
    }

    /** A new operator process on the same stream port (the data planes' {@code --control-plane}). */
    OperatorNode startOperator() {
        operators++;
        operator = OperatorNode.start("operator-" + operators, dir, jvmFlags, api.kubeconfig(), api.tokenFile(),
                streamPort, FreePorts.next());
        started.add(operator);
        return operator.awaitReady(STARTUP);
    }

    DataPlaneNode startDataPlane(String node, List<String> flags) {
        return startDataPlane(node, jvmFlags, flags);
    }

    DataPlaneNode startDataPlane(String node, List<String> dataPlaneJvmFlags, List<String> flags) {
        DataPlaneNode dp = DataPlaneNode.start(node, dir, dataPlaneJvmFlags, "http://127.0.0.1:" + streamPort,
                api.tokenFile(), flags);
        dataPlanes.add(dp);
        started.add(dp);
        return dp;
    }

    TestBackend backend(String name) {
        return TestBackend.start(vertx, name);
    }

    /** A Service (port 80, named http) and one EndpointSlice per backend instance, as a controller would write them. */
    void service(String name, TestBackend... instances) {
        apply("""
                apiVersion: v1
                kind: Service
                metadata: {name: %s, namespace: %s}
                spec:
                  ports: [{name: http, port: 80, protocol: TCP}]
                """.formatted(name, NS));
        for (TestBackend instance : instances) {
            endpoints(name, instance);
        }
    }

    /** The EndpointSlice {@code <service>-<instance>}: one ready endpoint at the instance's port. */
    void endpoints(String service, TestBackend instance) {
        apply("""
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: %1$s-%2$s
                  namespace: %3$s
                  labels: {kubernetes.io/service-name: %1$s}
                addressType: IPv4
                ports: [{name: http, port: %4$d, protocol: TCP}]
                endpoints: [{addresses: ["127.0.0.1"], conditions: {ready: true, serving: true, terminating: false}}]
                """.formatted(service, instance.name(), NS, instance.port()));
    }

    void removeEndpoints(String service, TestBackend instance) {
        kube().resources(io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice.class).inNamespace(NS)
                .withName(service + "-" + instance.name()).delete();
    }

    /** Server-side apply through the Fabric8 client: one request, returns once the API server accepted it. */
    void apply(String yaml) {
        kube().resource(yaml).fieldManager("chaos-e2e").forceConflicts().serverSideApply();
    }

    Optional<GatewayRoute> route(String name) {
        return Optional.ofNullable(kube().resources(GatewayRoute.class).inNamespace(NS).withName(name).get());
    }

    Optional<Condition> condition(String route, String type) {
        return route(route).filter(r -> r.getStatus() != null && r.getStatus().getConditions() != null)
                .flatMap(r -> r.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst());
    }

    /** Programmed=True for the route's current generation. */
    boolean programmed(String name) {
        return route(name).map(r -> r.getStatus() != null && r.getStatus().getConditions() != null
                && r.getStatus().getConditions().stream().anyMatch(c -> "Programmed".equals(c.getType())
                        && "True".equals(c.getStatus())
                        && r.getMetadata().getGeneration().equals(c.getObservedGeneration()))).orElse(false);
    }

    void awaitProgrammed(String name, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> programmed(name));
    }

    KubernetesClient kube() {
        return kube;
    }

    KubectlSession kubectl() {
        return new KubectlSession(api.kubeconfig(), dir.resolve("kube-cache"));
    }

    Vertx vertx() {
        return vertx;
    }

    OperatorNode operator() {
        return operator;
    }

    List<DataPlaneNode> dataPlanes() {
        return dataPlanes;
    }

    List<String> gatewayUrls() {
        return dataPlanes.stream().map(DataPlaneNode::url).toList();
    }

    /** The tails of every child process's log, for a failure message. */
    String logs() {
        StringBuilder out = new StringBuilder();
        for (AutoCloseable c : started) {
            var jvm = c instanceof OperatorNode o ? o.jvm() : ((DataPlaneNode) c).jvm();
            out.append("\n--- ").append(jvm.name()).append(" (").append(jvm.alive() ? "alive" : "exited")
                    .append(") ---\n").append(jvm.logTail());
        }
        return out.toString();
    }

    @Override
    public void close() {
        for (AutoCloseable c : started) {
            (c instanceof OperatorNode o ? o.jvm() : ((DataPlaneNode) c).jvm()).terminate(); // all drain at once
        }
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception ignored) {
                // keep stopping the rest
            }
        }
        api.close();
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // the JVM ends soon anyway
        }
    }
}
