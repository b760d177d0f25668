package dev.portico.operator;

import dev.portico.operator.stream.BearerToken;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./portico operator [--kubeconfig F] [--stream-port 18000] [--metrics-port 8081] --token-file F
 * [--namespace NS] [--leader-election true|false]}. Runs until SIGTERM / Ctrl-C, then stops gracefully.
 */
public final class OperatorMain {
    static final String USAGE = """
            Usage: ./portico operator [--kubeconfig F] [--stream-port 18000] [--metrics-port 8081] --token-file F
                                      [--namespace NS] [--leader-election true|false]
              --kubeconfig F        cluster to watch (default: in-cluster config, $KUBECONFIG or ~/.kube/config)
              --stream-port N       snapshot stream for data planes, HTTP/2 (default 18000)
              --metrics-port N      /healthz, /readyz, /metrics (default 8081)
              --token-file F        bearer token data planes must present (required)
              --namespace NS        watch one namespace only (default: all)
              --leader-election B   hold a Lease before acting (default: true in a pod, false elsewhere)
            """;

    private OperatorMain() {
    }

    public static void main(String[] args) throws Exception {
        OperatorCommandLine line;
        try {
            line = OperatorCommandLine.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("portico operator: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (line.help()) {
            System.out.print(USAGE);
            return;
        }
        BearerToken token;
        try {
            token = BearerToken.fromFile(line.tokenFile());
        } catch (RuntimeException e) {
            System.err.println("portico operator: " + e.getMessage());
            System.exit(2);
            return;
        }
        boolean inPod = inPod();
        OperatorOptions options = OperatorOptions.defaults(token).withPorts(line.streamPort(), line.metricsPort())
                .withNamespace(line.namespace())
                .withLeaderElection(line.leaderElection() != null ? line.leaderElection() : inPod, null);
        String unelected = unelectedWarning(line.leaderElection(), inPod);
        if (unelected != null) {
            System.err.println("portico operator: " + unelected);
        }
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config(line.kubeconfig())).build();
        CountDownLatch stopped = new CountDownLatch(1);
        PorticoOperator operator = PorticoOperator.start(client, options);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            operator.close();
            client.close();
            stopped.countDown();
        }, "portico-shutdown"));
        System.out.println("portico operator: stream port " + options.streamPort() + ", metrics port "
                + operator.metricsPort() + (options.leaderElection() ? " (after winning the lease)" : ""));
        stopped.await();
    }

    private static Config config(Path kubeconfig) throws IOException {
        if (kubeconfig == null) {
            return Config.autoConfigure(null);
        }
        if (!Files.isReadable(kubeconfig)) {
            throw new IllegalArgumentException("--kubeconfig " + kubeconfig + " cannot be read");
        }
        return Config.fromKubeconfig(Files.readString(kubeconfig));
    }

    /**
     * Outside a pod leader election defaults to off, and two operators without it on one API both write status:
     * each sets the routes it has no data plane for to {@code PROGRAMMED False}, and the other does not correct it.
     *
     * @return what to warn about, or null when leader election was chosen or the default is on
     */
    static String unelectedWarning(Boolean leaderElection, boolean inPod) {
        if (leaderElection != null || inPod) {
            return null;
        }
        return "leader election is off (the default outside a pod): run no other operator against this API, "
                + "or pass --leader-election true to every one of them";
    }

    private static boolean inPod() {
        return Files.exists(Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace"));
    }
}
