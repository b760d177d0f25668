package dev.portico.e2e.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/** One data plane as its own process, started through {@code DataPlaneMain}'s public command line. */
public final class DataPlaneNode implements AutoCloseable {
    private final ChildJvm jvm;
    private final String node;
    private final int port;
    private final int adminPort;

    private DataPlaneNode(ChildJvm jvm, String node, int port, int adminPort) {
        this.jvm = jvm;
        this.node = node;
        this.port = port;
        this.adminPort = adminPort;
    }

    /** @param extraFlags further {@code DataPlaneMain} flags, e.g. {@code --trusted-hops 1} */
    public static DataPlaneNode start(String node, Path dir, String controlPlane, Path tokenFile, List<String> extraFlags) {
        return start(node, dir, ChildJvm.TEST_JVM_FLAGS, controlPlane, tokenFile, extraFlags);
    }

    /** @param jvmFlags the data plane JVM's own flags (heap, GC), e.g. to measure memory as deployed */
    public static DataPlaneNode start(String node, Path dir, List<String> jvmFlags, String controlPlane, Path tokenFile,
            List<String> extraFlags) {
        int port = FreePorts.next();
        int adminPort = FreePorts.next();
        List<String> args = new ArrayList<>(List.of("--control-plane", controlPlane, "--token-file",
                tokenFile.toString(), "--gateway", "default", "--node", node, "--port", String.valueOf(port),
                "--admin-port", String.valueOf(adminPort)));
        args.addAll(extraFlags);
        return new DataPlaneNode(ChildJvm.start(node, dir, jvmFlags, "dev.portico.dataplane.DataPlaneMain", args), node, port,
                adminPort);
    }

    /** Ready means the first snapshot is applied ({@code /readyz} 200). */
    public DataPlaneNode awaitReady(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!jvm.alive()) {
                throw new AssertionError(node + " exited:\n" + jvm.logTail());
            }
            return readyz() == 200;
        });
        return this;
    }

    /** The admin port's {@code /readyz} status, or -1 when nothing answers. */
    public int readyz() {
        return Http.probe(adminUrl() + "/readyz");
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public String adminUrl() {
        return "http://127.0.0.1:" + adminPort;
    }

    public String node() {
        return node;
    }

    public int port() {
        return port;
    }

    public int adminPort() {
        return adminPort;
    }

    public ChildJvm jvm() {
        return jvm;
    }

    @Override
    public void close() {
        jvm.close();
    }
}
