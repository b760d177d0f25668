package dev.portico.operator;

import dev.portico.snapshot.stream.StreamProtocol;

import java.nio.file.Path;

/** The parsed flags of {@code ./portico operator}; every mistake is reported naming the flag. */
record OperatorCommandLine(Path kubeconfig, int streamPort, int metricsPort, Path tokenFile, String namespace,
        boolean leaderElection, String leaseNamespace, boolean help) {

    static OperatorCommandLine parse(String[] args) {
        Path kubeconfig = null;
        Path tokenFile = null;
        String namespace = null;
        boolean leaderElection = true;
        String leaseNamespace = null;
        int streamPort = StreamProtocol.DEFAULT_PORT;
        int metricsPort = OperatorOptions.DEFAULT_METRICS_PORT;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                return new OperatorCommandLine(null, streamPort, metricsPort, null, null, true, null, true);
            }
            String value;
            int eq = flag.indexOf('=');
            if (flag.startsWith("--") && eq > 0) {
                value = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
            } else {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                value = args[++i];
            }
            switch (flag) {
                case "--kubeconfig" -> kubeconfig = Path.of(value);
                case "--stream-port" -> streamPort = port(flag, value);
                case "--metrics-port" -> metricsPort = port(flag, value);
                case "--token-file" -> tokenFile = Path.of(value);
                case "--namespace" -> namespace = value.isBlank() ? null : value;
                case "--leader-election" -> leaderElection = bool(flag, value);
                case "--lease-namespace" -> leaseNamespace = value.isBlank() ? null : value;
                default -> throw new IllegalArgumentException("unknown flag " + flag);
            }
        }
        if (tokenFile == null) {
            throw new IllegalArgumentException("--token-file is required");
        }
        if (streamPort == metricsPort && streamPort != 0) {
            // Vert.x would share the one listener between both servers and split connections between them
            throw new IllegalArgumentException("--stream-port and --metrics-port must differ, both are " + streamPort);
        }
        return new OperatorCommandLine(kubeconfig, streamPort, metricsPort, tokenFile, namespace, leaderElection,
                leaseNamespace, false);
    }

    private static int port(String flag, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a port number 0..65535, not '" + value + "'");
        }
    }

    private static boolean bool(String flag, String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(flag + " must be true or false, not '" + value + "'");
        };
    }
}
