package dev.portico.sandbox;

import dev.portico.snapshot.cli.PortProbe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The flags of {@code ./portico sandbox}; every mistake is reported naming the flag.
 *
 * @param streamPort the operator's snapshot stream port; 0 picks a free one
 * @param redis      the Redis the data planes share Global rate limits through, or null
 * @param httpsPort  the first data plane's HTTPS port (a self-signed certificate for localhost); 0: none
 * @param host       the address the data planes' traffic, HTTPS and admin ports listen on: loopback unless asked,
 *                   since admin serves the applied configuration and metrics to whoever reaches it
 */
public record SandboxOptions(int gatewayPort, int apiPort, int adminPort, Path dir, int dataplanes, boolean demo,
        boolean operator, boolean dataplane, int streamPort, String redis, int httpsPort, String host, boolean help) {

    public static final String USAGE = """
            Usage: ./portico sandbox [flags]

            Runs Portico on this machine with no cluster: an emulated Kubernetes API that real kubectl
            talks to, the operator, data plane(s) and the demo shop.

              --gateway-port N   first data plane's traffic port (default 8080; the next ones count up)
              --api-port N       emulated Kubernetes API (default 6443; plain HTTP on 127.0.0.1)
              --admin-port N     first data plane's admin port (default 9901)
              --https-port N     first data plane's HTTPS port, HTTP/2 by ALPN, with a self-signed
                                 certificate for localhost (default 8443; 0: no HTTPS)
              --host H           where the data planes listen (default 127.0.0.1; 0.0.0.0: every interface,
                                 so other machines reach the gateway and its admin port)
              --dir D            where the kubeconfig, stream token and logs go (default .portico)
              --dataplanes N     how many data planes (default 1)
              --stream-port N    the operator's snapshot stream (default 18000; 0 picks a free port)
              --redis URL        give the data planes a Redis (redis://HOST:PORT) for Global rate limits
              --no-demo          no demo shop: just the platform
              --no-operator      no operator
              --no-dataplane     no data plane
              (--no-operator --no-dataplane --no-demo: only the emulated API)
            """;

    public static SandboxOptions defaults() {
        return new SandboxOptions(8080, 6443, 9901, Path.of(".portico"), 1, true, true, true, 18000, null, 8443,
                "127.0.0.1", false);
    }

    public static SandboxOptions parse(String... args) {
        SandboxOptions o = defaults();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            String inline = null;
            int eq = flag.indexOf('=');
            if (flag.startsWith("--") && eq > 0) {
                inline = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
            }
            switch (flag) {
                case "--help", "-h" -> o = o.with(b -> b.help = true);
                case "--no-demo" -> o = o.with(b -> b.demo = false);
                case "--no-operator" -> o = o.with(b -> b.operator = false);
                case "--no-dataplane" -> o = o.with(b -> b.dataplane = false);
                default -> {
                    String value = inline != null ? inline : valueAfter(args, i++, flag);
                    String name = flag;
                    switch (flag) {
                        case "--gateway-port" -> o = o.with(b -> b.gatewayPort = port(name, value));
                        case "--api-port" -> o = o.with(b -> b.apiPort = port(name, value));
                        case "--admin-port" -> o = o.with(b -> b.adminPort = port(name, value));
                        case "--https-port" -> o = o.with(b -> b.httpsPort = port(name, value));
                        case "--stream-port" -> o = o.with(b -> b.streamPort = port(name, value));
                        case "--host" -> o = o.with(b -> b.host = host(name, value));
                        case "--dir" -> o = o.with(b -> b.dir = Path.of(value));
                        case "--dataplanes" -> o = o.with(b -> b.dataplanes = count(name, value));
                        case "--redis" -> o = o.with(b -> b.redis = redisUrl(name, value));
                        default -> throw new IllegalArgumentException("unknown flag " + flag + " (see --help)");
                    }
                }
            }
        }
        o.checkPortsDistinct();
        return o;
    }

    /**
     * A port the sandbox listens on: the one {@code setBy} names, or for a later data plane that one counted up by
     * {@code offset}.
     */
    public record Listener(String setBy, int offset, String host, int port) {
        /** How a message names it: {@code --gateway-port}, or {@code --gateway-port + 1} for the next data plane's. */
        public String flag() {
            return offset == 0 ? setBy : setBy + " + " + offset;
        }
    }

    /**
     * The ports the sandbox will listen on, by the flag that sets each; the data planes take {@code --gateway-port}
     * and {@code --admin-port} counting up. A port of 0 (a free one, picked when it binds) is not listed.
     */
    public List<Listener> listeners() {
        List<Listener> all = new ArrayList<>();
        all.add(new Listener("--api-port", 0, "127.0.0.1", apiPort));
        if (operator) {
            all.add(new Listener("--stream-port", 0, "127.0.0.1", streamPort));
        }
        for (int i = 0; dataplane && i < dataplanes; i++) {
            all.add(new Listener("--gateway-port", i, host, gatewayPort + i));
            all.add(new Listener("--admin-port", i, host, adminPort + i));
            if (httpsPort != 0) {
                all.add(new Listener("--https-port", i, host, httpsPort + i));
            }
        }
        all.removeIf(l -> l.port() == 0);
        return all;
    }

    /** No two listeners on one port: a data plane's own two would share one socket and split its connections. */
    private void checkPortsDistinct() {
        Map<Integer, String> taken = new HashMap<>();
        for (Listener l : listeners()) {
            String other = taken.putIfAbsent(l.port(), l.flag());
            if (other != null) {
                throw new IllegalArgumentException(l.flag() + " and " + other + " are both port " + l.port()
                        + "; give each listener its own");
            }
        }
    }

    /**
     * Fails, naming the flag, when another process already listens on one of the sandbox's ports: found before
     * anything starts, instead of a data plane that exits with "Address already in use" in its log.
     */
    public void checkPortsFree() {
        for (Listener l : listeners()) {
            PortProbe.requireFree(l.host(), l.port(), l.flag(), l.setBy());
        }
    }

    private static String valueAfter(String[] args, int i, String flag) {
        if (i + 1 >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i + 1];
    }

    private static int port(String flag, String value) {
        int port = number(flag, value);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(flag + " must be a port between 0 and 65535, not " + value);
        }
        return port;
    }

    private static int count(String flag, String value) {
        int n = number(flag, value);
        if (n < 1 || n > 16) {
            throw new IllegalArgumentException(flag + " must be between 1 and 16, not " + value);
        }
        return n;
    }

    private static String redisUrl(String flag, String value) {
        if (!value.matches("rediss?://[^/\\s]+.*")) {
            throw new IllegalArgumentException(flag + " needs a URL like redis://127.0.0.1:6379, not '" + value + "'");
        }
        return value;
    }

    private static String host(String flag, String value) {
        if (!value.matches("[0-9A-Za-z.:\\-]+")) {
            throw new IllegalArgumentException(flag + " needs an address like 127.0.0.1 or 0.0.0.0, not '" + value + "'");
        }
        return value;
    }

    private static int number(String flag, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a number, not '" + value + "'");
        }
    }

    /** Copy-with-changes for a record with many components. */
    private SandboxOptions with(java.util.function.Consumer<Builder> change) {
        Builder b = new Builder(this);
        change.accept(b);
        return b.build();
    }

    private static final class Builder {
        int gatewayPort;
        int apiPort;
        int adminPort;
        Path dir;
        int dataplanes;
        boolean demo;
        boolean operator;
        boolean dataplane;
        int streamPort;
        String redis;
        int httpsPort;
        String host;
        boolean help;

        Builder(SandboxOptions o) {
            gatewayPort = o.gatewayPort;
            apiPort = o.apiPort;
            adminPort = o.adminPort;
            dir = o.dir;
            dataplanes = o.dataplanes;
            demo = o.demo;
            operator = o.operator;
            dataplane = o.dataplane;
            streamPort = o.streamPort;
            redis = o.redis;
            httpsPort = o.httpsPort;
            host = o.host;
            help = o.help;
        }

        SandboxOptions build() {
            return new SandboxOptions(gatewayPort, apiPort, adminPort, dir, dataplanes, demo, operator, dataplane,
                    streamPort, redis, httpsPort, host, help);
        }
    }
}
