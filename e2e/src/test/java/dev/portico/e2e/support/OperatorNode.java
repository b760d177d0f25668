package dev.portico.e2e.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;

/** The operator as its own process, started through {@code OperatorMain}'s public command line. */
public final class OperatorNode implements AutoCloseable {
    private final ChildJvm jvm;
    private final int streamPort;
    private final int metricsPort;

    private OperatorNode(ChildJvm jvm, int streamPort, int metricsPort) {
        this.jvm = jvm;
        this.streamPort = streamPort;
        this.metricsPort = metricsPort;
    }

    public static OperatorNode start(String name, Path dir, Path kubeconfig, Path tokenFile, int streamPort,
            int metricsPort) {
        return start(name, dir, ChildJvm.TEST_JVM_FLAGS, kubeconfig, tokenFile, streamPort, metricsPort);
    }

    public static OperatorNode start(String name, Path dir, List<String> jvmFlags, Path kubeconfig, Path tokenFile,
            int streamPort, int metricsPort) {
        ChildJvm jvm = ChildJvm.start(name, dir, jvmFlags, "dev.portico.operator.OperatorMain", List.of(
                "--kubeconfig", kubeconfig.toString(), "--stream-port", String.valueOf(streamPort),
                "--metrics-port", String.valueOf(metricsPort), "--token-file", tokenFile.toString(),
                "--leader-election", "false"));
        return new OperatorNode(jvm, streamPort, metricsPort);
    }

    /** Waits for the metrics port's {@code /readyz}; fails with the log's tail when the process dies. */
    public OperatorNode awaitReady(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!jvm.alive()) {
                throw new AssertionError(jvm.name() + " exited:\n" + jvm.logTail());
            }
            return Http.probe("http://127.0.0.1:" + metricsPort + "/readyz") == 200;
        });
        return this;
    }

    /**
     * The sum of a metric's samples whose line starts with {@code prefix} (name and any labels), from /metrics.
     *
     * @throws AssertionError when no sample matches: a renamed metric must not read as zero
     */
    public double metricSum(String prefix) {
        double[] samples = Http.get("http://127.0.0.1:" + metricsPort + "/metrics").body().lines()
                .filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).toArray();
        if (samples.length == 0) {
            throw new AssertionError("no sample of " + prefix + " at the operator's /metrics");
        }
        return java.util.Arrays.stream(samples).sum();
    }

    public String controlPlaneUrl() {
        return "http://127.0.0.1:" + streamPort;
    }

    public int streamPort() {
        return streamPort;
    }

    public int metricsPort() {
        return metricsPort;
    }

    public ChildJvm jvm() {
        return jvm;
    }

    @Override
    public void close() {
        jvm.close();
    }
}
