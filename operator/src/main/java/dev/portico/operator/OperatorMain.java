package dev.portico.operator;

import dev.portico.operator.stream.BearerToken;
import dev.portico.snapshot.cli.PortProbe;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./portico operator [--kubeconfig F] [--stream-port 18000] [--metrics-port 8081] --token-file F
 * [--namespace NS] [--leader-election true|false] [--lease-namespace NS]}. Runs until SIGTERM / Ctrl-C, then stops gracefully.
 */
public final class OperatorMain {
    static final String USAGE = """
            Usage: ./portico operator [--kubeconfig F] [--stream-port 18000] [--metrics-port 8081] --token-file F
                                      [--namespace NS] [--leader-election true|false] [--lease-namespace NS]
              --kubeconfig F        cluster to watch (default: in-cluster config, $KUBECONFIG or ~/.kube/config)
              --stream-port N       snapshot stream for data planes, HTTP/2 (default 18000)
              --metrics-port N      /healthz, /readyz, /metrics (default 8081)
              --token-file F        bearer token data planes must present (required)
              --namespace NS        watch one namespace only (default: all)
              --leader-election B   hold the Lease portico-operator before acting, so that of all operators on
                                    one API only one works and the others stand by (default true)
              --lease-namespace NS  where that Lease lives (default: the pod's namespace; outside a pod the
                                    --namespace watched, else portico-system if it exists, else default)
            """;

    /** Two operators without a Lease on one API both write status, each from the data planes it knows of. */
    static final String UNELECTED = "leader election is off: run no other operator against this API";

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
        OperatorOptions options = OperatorOptions.defaults(token).withPorts(line.streamPort(), line.metricsPort())
                .withNamespace(line.namespace())
                .withLeaderElection(line.leaderElection(), line.leaseNamespace());
        if (!line.leaderElection()) {
            System.err.println("portico operator: " + UNELECTED);
        }
        try {
            // a standby binds the stream port only once it leads: a port taken now would fail it then
            PortProbe.requireFree(options.bindHost(), options.streamPort(), "--stream-port");
            PortProbe.requireFree(options.bindHost(), options.metricsPort(), "--metrics-port");
        } catch (IllegalArgumentException e) {
            System.err.println("portico operator: " + e.getMessage());
            System.exit(1);
            return;
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
}
