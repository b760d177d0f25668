package dev.portico.e2e.chaos;

import dev.portico.api.v1alpha1.GatewayRoute;
import dev.portico.e2e.support.KubectlSession;

import java.time.Duration;
import java.util.List;

/**
 * Route propagation, as a user sees it: the time from the API server accepting a new GatewayRoute
 * (the moment {@code kubectl apply} or the Fabric8 create call returns) to its first 200 through
 * the gateway. Each trial creates a new route on its own path to the Service {@code prop}.
 */
final class PropagationTrials {
    /** How the route is written: the real kubectl (a process per apply) or one Fabric8 call. */
    enum Via { KUBECTL, FABRIC8 }

    static final Duration GIVE_UP = Duration.ofSeconds(10);
    private static final boolean TRACE = Boolean.getBoolean("bench.trace");

    private PropagationTrials() {
    }

    /** Installs {@code count} background routes ({@code /bg-<i>}) through the API, in parallel writers. */
    static void installBackground(ChaosBed bed, int count) throws InterruptedException {
        installBackground(bed, 0, count);
    }

    /** Installs background routes {@code /bg-<from>} up to (not including) {@code /bg-<to>}. */
    static void installBackground(ChaosBed bed, int from, int to) throws InterruptedException {
        int writers = Math.min(4, Math.max(1, (to - from) / 100));
        Thread[] threads = new Thread[writers];
        for (int w = 0; w < writers; w++) {
            int first = from + w;
            threads[w] = new Thread(() -> {
                for (int i = first; i < to; i += writers) {
                    bed.kube().resource(route("bg-" + i)).create();
                }
            }, "route-writer-" + w);
            threads[w].start();
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    /**
     * Runs {@code trials} trials; route names start with {@code prefix} so runs never collide. Each trial's
     * route is deleted (and seen gone) before the next one starts.
     */
    static ChangeClock run(ChaosBed bed, List<String> gateways, String prefix, int trials, Via via) {
        ChangeClock clock = new ChangeClock();
        KubectlSession kubectl = bed.kubectl();
        for (int i = 0; i < trials; i++) {
            String name = prefix + "-" + i;
            long accepted;
            if (via == Via.KUBECTL) {
                kubectl.apply(route(name));
                accepted = System.nanoTime();
            } else {
                bed.kube().resource(route(name)).create();
                accepted = System.nanoTime();
            }
            long took = clock.await(accepted, gateways, "/" + name + "/x", ChangeClock.status(200), GIVE_UP);
            if (TRACE) { // wall-clock marks to line up with the processes' JFR recordings or logs
                System.out.printf("trace %s accepted at %s, served after %d ms%n", name,
                        java.time.Instant.now().minusNanos(System.nanoTime() - accepted), took);
            }
            // gone again before the next trial, so every trial meets the same number of installed routes
            bed.kube().resources(GatewayRoute.class).inNamespace(ChaosBed.NS).withName(name).delete();
            new ChangeClock().await(System.nanoTime(), gateways, "/" + name + "/x", ChangeClock.status(404), GIVE_UP);
        }
        return clock;
    }

    static String route(String name) {
        return """
                apiVersion: portico.dev/v1alpha1
                kind: GatewayRoute
                metadata: {name: %1$s, namespace: %2$s}
                spec:
                  rules:
                  - matches: [{path: {type: PathPrefix, value: /%1$s}}]
                    backends: [{service: prop, port: 80}]
                """.formatted(name, ChaosBed.NS);
    }
}
