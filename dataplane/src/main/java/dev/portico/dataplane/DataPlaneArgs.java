package dev.portico.dataplane;

import dev.portico.dataplane.http.GuardLimits;
import dev.portico.dataplane.http.TransportChoice;
import dev.portico.dataplane.tls.TlsFiles;
import dev.portico.dataplane.tls.TlsListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The data plane's command line, parsed and checked; every problem names the flag. */
record DataPlaneArgs(String controlPlane, Path tokenFile, String gateway, String node, int port, int adminPort,
        String redis, int trustedHops, Path snapshotFile, String host, GuardLimits edge, int warmupConnections,
        TlsListener tls, String accessLog, double accessLogSample, TransportChoice transport) {
    static final String USAGE = "usage: portico dataplane --control-plane URL --token-file F [--gateway default] "
            + "[--node NAME] [--port 8080] [--admin-port 9901] [--redis URL] [--trusted-hops 0] [--host 0.0.0.0]\n"
            + "       portico dataplane --snapshot-file F [--port 8080] [--admin-port 9901] [--trusted-hops 0]\n"
            + "  edge limits (docs/hardening.md): [--max-header-bytes 61440] [--max-headers 100] "
            + "[--request-headers-timeout-ms 10000] [--idle-timeout-ms 300000] (0 turns a timeout off)\n"
            + "  HTTPS (HTTP/2 by ALPN, else HTTP/1.1): [--tls-port N --tls-cert-file tls.crt --tls-key-file tls.key] "
            + "PEM chain and key, re-read every 10 s (--tls-port 0: no TLS listener);\n"
            + "    give both flags again for more certificates, chosen by the server name a client asks for (SNI), "
            + "the first pair by default\n"
            + "  [--access-log off] one JSON line per request to stdout or to a file (appended), or off\n"
            + "    [--access-log-sample 1] the share of successful requests (status below 400) logged, 0 to 1; errors, "
            + "abandoned requests and WebSocket tunnels always are\n"
            + "  [--transport auto] io_uring, epoll or nio; auto: io_uring where the kernel and seccomp allow it, else "
            + "epoll, else nio\n"
            + "  start-up: [--warmup-connections " + ConnectionRehearsal.DEFAULT_CONNECTIONS + "] loopback connections "
            + "opened and closed before /readyz says ready (0: none)";
    private static final int DAY_MS = 86_400_000; // the longest timeout a flag takes

    static DataPlaneArgs parse(String[] args) {
        String controlPlane = null;
        Path tokenFile = null;
        String gateway = null;
        String node = null;
        int port = 8080;
        int adminPort = 9901;
        String redis = null;
        int trustedHops = 0;
        Path snapshotFile = null;
        String host = "0.0.0.0";
        GuardLimits d = GuardLimits.DEFAULTS;
        int maxHeaderBytes = d.maxHeaderBytes();
        int maxHeaders = d.maxHeaders();
        long headersTimeoutMs = d.requestHeadersTimeoutMs();
        long idleTimeoutMs = d.idleTimeoutMs();
        int warmupConnections = ConnectionRehearsal.DEFAULT_CONNECTIONS;
        int tlsPort = 0;
        String accessLog = null;
        double accessLogSample = 1;
        TransportChoice transport = TransportChoice.AUTO;
        List<Path> tlsCertFiles = new ArrayList<>();
        List<Path> tlsKeyFiles = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
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
                case "--control-plane" -> controlPlane = value;
                case "--token-file" -> tokenFile = Path.of(value);
                case "--gateway" -> gateway = value;
                case "--node" -> node = value;
                case "--port" -> port = number(flag, value, 0, 65535);
                case "--admin-port" -> adminPort = number(flag, value, 0, 65535);
                case "--redis" -> redis = value;
                case "--trusted-hops" -> trustedHops = number(flag, value, 0, 64);
                case "--snapshot-file" -> snapshotFile = Path.of(value);
                case "--host" -> host = value;
                case "--max-header-bytes" -> maxHeaderBytes = number(flag, value, 1024, 1024 * 1024);
                case "--max-headers" -> maxHeaders = number(flag, value, 1, 10_000);
                case "--request-headers-timeout-ms" -> headersTimeoutMs = number(flag, value, 0, DAY_MS);
                case "--idle-timeout-ms" -> idleTimeoutMs = number(flag, value, 0, DAY_MS);
                case "--warmup-connections" -> warmupConnections = number(flag, value, 0, 1_000_000);
                case "--tls-port" -> tlsPort = number(flag, value, 0, 65535);
                case "--tls-cert-file" -> tlsCertFiles.add(Path.of(value));
                case "--tls-key-file" -> tlsKeyFiles.add(Path.of(value));
                case "--access-log" -> accessLog = value.isEmpty() || value.equals("off") ? null : value;
                case "--access-log-sample" -> accessLogSample = share(flag, value);
                case "--transport" -> transport = TransportChoice.parse(value);
                default -> throw new IllegalArgumentException("unknown flag " + flag);
            }
        }
        if (snapshotFile == null && controlPlane == null) {
            throw new IllegalArgumentException("--control-plane (or --snapshot-file for a static run) is required");
        }
        if (snapshotFile == null && tokenFile == null) {
            throw new IllegalArgumentException("--token-file is required with --control-plane");
        }
        if (port == adminPort && port != 0) {
            // Vert.x would share the one listener between both servers and split connections between them
            throw new IllegalArgumentException("--port and --admin-port must differ, both are " + port);
        }
        if (tlsPort != 0 && tlsCertFiles.isEmpty()) {
            throw new IllegalArgumentException("--tls-cert-file is required with --tls-port");
        }
        if (tlsPort != 0 && tlsKeyFiles.isEmpty()) {
            throw new IllegalArgumentException("--tls-key-file is required with --tls-port");
        }
        if (tlsCertFiles.size() != tlsKeyFiles.size()) {
            throw new IllegalArgumentException("--tls-cert-file and --tls-key-file come in pairs, got "
                    + tlsCertFiles.size() + " and " + tlsKeyFiles.size());
        }
        if (tlsPort != 0 && (tlsPort == port || tlsPort == adminPort)) {
            throw new IllegalArgumentException("--tls-port must differ from --port and --admin-port, got " + tlsPort);
        }
        return new DataPlaneArgs(controlPlane, tokenFile, gateway, node, port, adminPort, redis, trustedHops,
                snapshotFile, host, new GuardLimits(maxHeaderBytes, maxHeaders, headersTimeoutMs, idleTimeoutMs),
                warmupConnections,
                tlsPort == 0 ? null : new TlsListener(tlsPort, tlsFiles(tlsCertFiles, tlsKeyFiles)), accessLog,
                accessLogSample, transport);
    }

    /** The n-th certificate flag with the n-th key flag. */
    private static List<TlsFiles> tlsFiles(List<Path> certFiles, List<Path> keyFiles) {
        List<TlsFiles> pairs = new ArrayList<>();
        for (int i = 0; i < certFiles.size(); i++) {
            pairs.add(new TlsFiles(certFiles.get(i), keyFiles.get(i)));
        }
        return pairs;
    }

    /** A share from 0 to 1, as a decimal ({@code 0.05}) or a percentage ({@code 5%}). */
    private static double share(String flag, String value) {
        boolean percent = value.endsWith("%");
        double n;
        try {
            n = Double.parseDouble(percent ? value.substring(0, value.length() - 1) : value) / (percent ? 100 : 1);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a share from 0 to 1 (or 0% to 100%), got '" + value + "'");
        }
        if (!(n >= 0 && n <= 1)) {
            throw new IllegalArgumentException(flag + " must be from 0 to 1 (or 0% to 100%), got " + value);
        }
        return n;
    }

    private static int number(String flag, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n < min || n > max) {
                throw new IllegalArgumentException(flag + " must be between " + min + " and " + max + ", got " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a number, got '" + value + "'");
        }
    }
}
