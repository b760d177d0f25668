// Propagation benchmark: one GatewayRoute change in the Kubernetes API → the data plane's ACK, with 5,000
// routes installed, through the real operator (informers, translation, stream) and a real stream client.
// Run: bench/operator-ack/run.sh   (see bench/results/operator-ack.md)

import dev.portico.api.v1alpha1.GatewayRoute;
import dev.portico.apiserver.EmulatedApiServer;
import dev.portico.dataplane.stream.SnapshotStreamClient;
import dev.portico.dataplane.stream.StreamClientOptions;
import dev.portico.operator.OperatorOptions;
import dev.portico.operator.PorticoOperator;
import dev.portico.operator.stream.BearerToken;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

public class AckBench {
    static final int ROUTES = Integer.getInteger("routes", 5_000);
    static final int SERVICES = Integer.getInteger("services", 100);
    static final int WARMUP = Integer.getInteger("warmup", 20);
    static final int RUNS = Integer.getInteger("runs", 30);
    static final String NS = "bench";

    record Target(String routeId, long generation, CompletableFuture<Long> published, CompletableFuture<Long> acked) {
    }

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
        EmulatedApiServer api = EmulatedApiServer.start("127.0.0.1", 0);
        KubernetesClient kube = api.client();
        for (String file : List.of("gatewayroutes.portico.dev-v1.yml", "ratelimitpolicies.portico.dev-v1.yml")) {
            try (InputStream in = Files.newInputStream(Path.of("crds", file))) {
                kube.apiextensions().v1().customResourceDefinitions()
                        .resource(kube.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class)).create();
            }
        }
        kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
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
        for (int i = 0; i < ROUTES; i++) {
            kube.resources(GatewayRoute.class).inNamespace(NS).resource(route(kube, i, "/api/things-" + i)).create();
        }
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;

        Path token = Files.createTempFile("portico-bench", ".token");
        Files.writeString(token, "bench-token\n");
        long startNanos = System.nanoTime();
        PorticoOperator operator = PorticoOperator.start(kube,
                OperatorOptions.loopback(new BearerToken("bench-token")).withPorts(0, -1));
        Vertx vertx = Vertx.vertx();
        AtomicLong applies = new AtomicLong();
        SnapshotStreamClient dataPlane = new SnapshotStreamClient(vertx, StreamClientOptions
                .of(URI.create("http://127.0.0.1:" + operator.streamPort()), token, "default", "bench-dp"),
                snapshot -> {
                    applies.incrementAndGet();
                    return Future.succeededFuture();
                });
        AtomicReference<Target> target = new AtomicReference<>();
        operator.stream().onNodeChange(state -> {
            Target t = target.get();
            if (t != null && state.serving() != null && state.serving().routeGeneration(t.routeId()) == t.generation()) {
                t.acked().complete(System.nanoTime());
            }
        });
        operator.publisher().onPublished(p -> {
            Target t = target.get();
            if (t != null && p.routeGeneration(t.routeId()) == t.generation()) {
                t.published().complete(System.nanoTime());
            }
        });
        dataPlane.start();
        while (dataPlane.applied() == null || dataPlane.applied().routes().size() < ROUTES) {
            Thread.sleep(20);
        }
        double firstSnapshotSeconds = (System.nanoTime() - startNanos) / 1e9;
        long fullBytes = operator.stream().bytesSent();
        // steady state: the operator has written every route's status (Programmed=True) before changes start
        while (programmed(kube) < ROUTES) {
            Thread.sleep(500);
        }
        double allProgrammedSeconds = (System.nanoTime() - startNanos) / 1e9;
        long changesStartUptime = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();

        List<Double> millis = new ArrayList<>();
        List<Double> toPublish = new ArrayList<>();
        List<Double> writeCall = new ArrayList<>();
        List<Double> acceptedToAck = new ArrayList<>();
        List<Long> bytes = new ArrayList<>();
        List<Long> frames = new ArrayList<>();
        for (int k = 0; k < WARMUP + RUNS; k++) {
            int i = (k * 97) % ROUTES;
            String name = "route-" + i;
            String path = "/api/things-" + i + "-v" + k;
            long generation = kube.resources(GatewayRoute.class).inNamespace(NS).withName(name).get().getMetadata()
                    .getGeneration() + 1;
            Target t = new Target(NS + "/" + name, generation, new CompletableFuture<>(), new CompletableFuture<>());
            target.set(t);
            long bytesBefore = operator.stream().bytesSent();
            long framesBefore = operator.stream().framesSent();
            long t0 = System.nanoTime();
            update(kube, name, path);
            long written = System.nanoTime();
            long t1 = t.acked().get(30, TimeUnit.SECONDS);
            if (k >= WARMUP) {
                millis.add((t1 - t0) / 1e6);
                toPublish.add((t.published().get() - t0) / 1e6);
                writeCall.add((written - t0) / 1e6);
                acceptedToAck.add((t1 - written) / 1e6);
                bytes.add(operator.stream().bytesSent() - bytesBefore);
                frames.add(operator.stream().framesSent() - framesBefore);
            }
            Thread.sleep(50); // let the status writes of this change settle before the next
        }

        Timer translate = operator.registry().find("portico_translate").timer();
        Timer changeToPublish = operator.registry().find("portico_change_to_publish").timer();
        System.out.printf("routes=%d services=%d cores=%d heapMax=%dMB java=%s%n", ROUTES, SERVICES,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.version"));
        System.out.printf("load %d routes into the emulated API: %.1f s; operator start to first snapshot applied: %.1f s, "
                + "to all routes Programmed=True in the API: %.1f s (changes start after that, at JVM uptime %.3f s)%n",
                ROUTES, loadSeconds, firstSnapshotSeconds, allProgrammedSeconds, changesStartUptime / 1e3);
        System.out.printf("first full snapshot on the wire: %d bytes (%.1f MB)%n", fullBytes, fullBytes / 1e6);
        System.out.printf("API update accepted -> data plane ACK (%d runs after %d warm-up): median %.1f ms  p90 %.1f ms  p99 %.1f ms  max %.1f ms%n",
                RUNS, WARMUP, pct(acceptedToAck, 50), pct(acceptedToAck, 90), pct(acceptedToAck, 99),
                Collections.max(acceptedToAck));
        System.out.printf("client starts the change (GET + PUT) -> data plane ACK: median %.1f ms  p90 %.1f ms  p99 %.1f ms  max %.1f ms%n",
                pct(millis, 50), pct(millis, 90), pct(millis, 99), Collections.max(millis));
        System.out.printf("  of which the API read+update calls themselves: median %.1f ms  p99 %.1f ms%n",
                pct(writeCall, 50), pct(writeCall, 99));
        System.out.printf("  of which API write -> new version published (watch, debounce, translate): median %.1f ms  p99 %.1f ms%n",
                pct(toPublish, 50), pct(toPublish, 99));
        List<Double> streamPart = new ArrayList<>();
        for (int r = 0; r < millis.size(); r++) {
            streamPart.add(millis.get(r) - toPublish.get(r));
        }
        System.out.printf("  of which published -> ACK received (push debounce, delta, apply, ACK): median %.1f ms  p99 %.1f ms%n",
                pct(streamPart, 50), pct(streamPart, 99));
        Collections.sort(bytes);
        System.out.printf("bytes on the wire per change: median %d  max %d  (frames per change: max %d)%n",
                bytes.get(bytes.size() / 2), bytes.get(bytes.size() - 1), Collections.max(frames));
        System.out.printf("whole-world translate inside the operator (all runs): count %d  mean %.1f ms  max %.1f ms%n",
                translate.count(), translate.mean(TimeUnit.MILLISECONDS), translate.max(TimeUnit.MILLISECONDS));
        System.out.printf("informer event -> published inside the operator (all runs): count %d  mean %.1f ms  max %.1f ms%n",
                changeToPublish.count(), changeToPublish.mean(TimeUnit.MILLISECONDS),
                changeToPublish.max(TimeUnit.MILLISECONDS));
        System.out.printf("snapshots applied by the data plane: %d%n", applies.get());
        System.out.printf("API update accepted -> ACK per run, in run order (ms): %s%n",
                acceptedToAck.stream().map(v -> String.format("%.0f", v)).toList());

        dataPlane.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        operator.close();
        api.close();
        Files.deleteIfExists(token);
    }

    /** A user's write: read, change, write back; once more when the operator's status write came in between. */
    static void update(KubernetesClient kube, String name, String path) {
        for (int attempt = 1; ; attempt++) {
            GatewayRoute current = kube.resources(GatewayRoute.class).inNamespace(NS).withName(name).get();
            current.getSpec().getRules().get(0).getMatches().get(0).getPath().setValue(path);
            try {
                kube.resources(GatewayRoute.class).inNamespace(NS).resource(current).update();
                return;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    static GatewayRoute route(KubernetesClient kube, int i, String prefix) {
        String yaml = """
                apiVersion: portico.dev/v1alpha1
                kind: GatewayRoute
                metadata: {name: route-%d, namespace: %s}
                spec:
                  hosts: [svc-%d.shop.example]
                  rules:
                  - name: main
                    matches: [{path: {type: PathPrefix, value: %s}}]
                    backends: [{service: svc-%d, port: 8080}]
                """.formatted(i, NS, i, prefix, i % SERVICES);
        return kube.getKubernetesSerialization().unmarshal(yaml, GatewayRoute.class);
    }

    static long programmed(KubernetesClient kube) {
        return kube.resources(GatewayRoute.class).inNamespace(NS).list().getItems().stream()
                .filter(r -> r.getStatus() != null && r.getStatus().getConditions() != null
                        && r.getStatus().getConditions().stream()
                                .anyMatch(c -> "Programmed".equals(c.getType()) && "True".equals(c.getStatus())))
                .count();
    }

    static double pct(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
