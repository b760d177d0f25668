package dev.portico.operator;

import dev.portico.operator.stream.BearerToken;
import dev.portico.snapshot.cli.PortProbe;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

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

    /** A start refused before anything runs: the message for standard error, the exit code, and the usage or not. */
    private static final class Refusal extends Exception {
        final int exitCode;
        final boolean usage;

        Refusal(int exitCode, String message) {
            this(exitCode, message, false);
        }

        Refusal(int exitCode, String message, boolean usage) {
            super(message, null, false, false);
            this.exitCode = exitCode;
            this.usage = usage;
        }
    }

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (Refusal refusal) {
            System.err.println("portico operator: " + refusal.getMessage());
            if (refusal.usage) {
                System.err.print(USAGE);
            }
            System.exit(refusal.exitCode);
        }
    }

    private static void run(String[] args) throws Exception {
        OperatorCommandLine line;
        try {
            line = OperatorCommandLine.parse(args);
        } catch (IllegalArgumentException e) {
            throw new Refusal(2, e.getMessage(), true);
        }
        if (line.help()) {
            System.out.print(USAGE);
            return;
        }
        BearerToken token;
        try {
            token = BearerToken.fromFile(line.tokenFile());
        } catch (RuntimeException e) {
            throw new Refusal(2, e.getMessage());
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
            throw new Refusal(1, e.getMessage());
        }
        Config config;
        try {
            config = config(line.kubeconfig());
        } catch (IllegalArgumentException | IOException e) {
            throw new Refusal(2, e.getMessage());
        }
        String unreachable = unreachable(config);
        if (unreachable != null) {
            throw new Refusal(1, unreachable);
        }
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
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

    /**
     * One GET /version, without the client's retries: an API it cannot reach would otherwise leave the operator
     * standing by for the Lease, unable ever to take it.
     *
     * @return what is wrong, or null when the API answered
     */
    private static String unreachable(Config config) {
        Config once = new ConfigBuilder(config).withRequestRetryBackoffLimit(0).withConnectionTimeout(10_000)
                .withRequestTimeout(10_000).build();
        try (KubernetesClient probe = new KubernetesClientBuilder().withConfig(once).build()) {
            probe.getKubernetesVersion();
            return null;
        } catch (KubernetesClientException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return "cannot reach the Kubernetes API at " + config.getMasterUrl() + ": " + cause.getMessage()
                    + " (--kubeconfig chooses the cluster)";
        }
    }

    private static Config config(Path kubeconfig) throws IOException {
        if (kubeconfig == null) {
            return Config.autoConfigure(null);
        }
        if (!Files.isReadable(kubeconfig)) {
            throw new IllegalArgumentException("--kubeconfig " + kubeconfig + " cannot be read");
        }
        String text = Files.readString(kubeconfig);
        try {
            return Config.fromKubeconfig(text);
        } catch (RuntimeException e) { // YAML errors, a missing context or cluster: say which file
            String why = String.valueOf(e.getMessage()).strip().lines().findFirst().orElse(e.toString());
            throw new IllegalArgumentException("--kubeconfig " + kubeconfig + " is not a usable kubeconfig: " + why, e);
        }
    }
}
