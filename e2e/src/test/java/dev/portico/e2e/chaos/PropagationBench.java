package dev.portico.e2e.chaos;

import dev.portico.api.v1alpha1.GatewayRoute;
import dev.portico.e2e.support.DataPlaneNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * Propagation and data-plane memory at scale: not part of the suite (its name matches neither
 * {@code *Test} nor {@code *E2E}); {@code bench/propagation/run.sh} runs it with
 * {@code -Dtest=PropagationBench} and turns what it writes to {@code -Dbench.out} into the report.
 *
 * <p>Properties: {@code bench.routes} (5000), {@code bench.trials} (50), {@code bench.jvm} (JVM flags of
 * the operator and data-plane processes; empty = the JVM's defaults, as {@code ./portico} runs them),
 * {@code bench.dataplane.jvm} (the data plane's own, when they should differ), {@code bench.settle.ms} (a pause
 * between "all Programmed" and the first trial; 0 here, 2000 from run.sh).
 */
class PropagationBench {
    /** The small case the issue asks for: 10 routes installed. */
    static final int SMALL = 10;

    @TempDir
    static Path dir;

    @Test
    void propagationAndMemoryWithManyRoutes() throws Exception {
        int routes = Integer.getInteger("bench.routes", 5_000);
        int trials = Integer.getInteger("bench.trials", 50);
        String jvm = System.getProperty("bench.jvm", "").trim();
        List<String> jvmFlags = flags(jvm);
        String dpJvm = System.getProperty("bench.dataplane.jvm", jvm).trim();
        List<String> dpJvmFlags = flags(dpJvm);
        Path out = Path.of(System.getProperty("bench.out", "target/propagation-bench.txt"));
        List<String> lines = new ArrayList<>();

        try (ChaosBed bed = ChaosBed.start(dir, 0, List.of(), jvmFlags)) {
            bed.service("prop", bed.backend("prop-1"));
            DataPlaneNode dp = bed.startDataPlane("bench-dp", dpJvmFlags, List.of()).awaitReady(ChaosBed.STARTUP);
            List<String> gateway = List.of(dp.url());
            lines.add("rss_kib_empty=" + dp.jvm().rssKib());
            lines.add("trials=" + trials);

            int few = Math.min(SMALL, routes);
            PropagationTrials.installBackground(bed, few);
            new ChangeClock().await(System.nanoTime(), gateway, "/bg-" + (few - 1) + "/x", ChangeClock.status(200),
                    Duration.ofMinutes(1));
            ChangeClock fewKubectl = PropagationTrials.run(bed, gateway, "kc-small", trials, PropagationTrials.Via.KUBECTL);
            ChangeClock fewFabric8 = PropagationTrials.run(bed, gateway, "f8-small", trials, PropagationTrials.Via.FABRIC8);
            lines.add("small_routes=" + few);
            record(lines, "small_kubectl", fewKubectl);
            record(lines, "small_fabric8", fewFabric8);

            // the many routes go in while no operator runs (one write per route, no reaction to each), then a
            // new operator process picks them all up at once, as after an operator restart
            bed.operator().jvm().kill();
            long installStart = System.nanoTime();
            PropagationTrials.installBackground(bed, few, routes);
            long written = System.nanoTime();
            bed.startOperator();
            new ChangeClock().await(written, gateway, "/bg-" + (routes - 1) + "/x", ChangeClock.status(200),
                    Duration.ofMinutes(10));
            long served = System.nanoTime();
            await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> programmedCount(bed) >= routes);
            long programmed = System.nanoTime();
            lines.add("routes=" + routes);
            lines.add("install_write_ms=" + (written - installStart) / 1_000_000);
            lines.add("install_last_served_ms=" + (served - written) / 1_000_000);
            lines.add("install_all_programmed_ms=" + (programmed - written) / 1_000_000);
            lines.add("rss_kib_loaded=" + dp.jvm().rssKib());
            // the last programmedCount listed every route: this JVM's garbage collection and JIT compilation of that
            // list (about a second on 2 cores, with the operator and data plane idle) must not land on the first trial
            long settle = Long.getLong("bench.settle.ms", 0);
            lines.add("settle_ms=" + settle);
            if (settle > 0) {
                Thread.sleep(settle);
            }

            ChangeClock viaKubectl = PropagationTrials.run(bed, gateway, "kc", trials, PropagationTrials.Via.KUBECTL);
            ChangeClock viaFabric8 = PropagationTrials.run(bed, gateway, "f8", trials, PropagationTrials.Via.FABRIC8);
            record(lines, "kubectl", viaKubectl);
            record(lines, "fabric8", viaFabric8);
            lines.add("rss_kib_after_trials=" + dp.jvm().rssKib());
            lines.add("rss_hwm_kib=" + dp.jvm().peakRssKib());
            if (Boolean.getBoolean("bench.trace")) { // the processes' logs, to read with the trial times
                Files.copy(bed.operator().jvm().log(), out.resolveSibling("propagation-operator.log"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                Files.copy(dp.jvm().log(), out.resolveSibling("propagation-dataplane.log"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            lines.add("jvm_flags=" + (jvmFlags.isEmpty() ? "(JVM defaults)" : String.join(" ", jvmFlags)));
            lines.add("dp_jvm_flags=" + (dpJvmFlags.isEmpty() ? "(JVM defaults)" : String.join(" ", dpJvmFlags)));
        } finally {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.write(out, lines);
            lines.forEach(System.out::println);
        }
    }

    private static List<String> flags(String text) {
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\\s+"));
    }

    private static void record(List<String> lines, String key, ChangeClock clock) {
        lines.add(key + "_p50_ms=" + clock.percentile(50));
        lines.add(key + "_p99_ms=" + clock.percentile(99));
        lines.add(key + "_max_ms=" + clock.max());
        lines.add(key + "_samples_ms=" + clock.samples());
    }

    private static long programmedCount(ChaosBed bed) {
        return bed.kube().resources(GatewayRoute.class).inNamespace(ChaosBed.NS).list().getItems().stream()
                .filter(r -> r.getStatus() != null && r.getStatus().getConditions() != null
                        && r.getStatus().getConditions().stream().anyMatch(c -> "Programmed".equals(c.getType())
                                && "True".equals(c.getStatus())))
                .count();
    }
}
