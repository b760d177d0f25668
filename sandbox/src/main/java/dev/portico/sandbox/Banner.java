package dev.portico.sandbox;

import dev.portico.sandbox.demo.DemoShop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/** What the sandbox prints once it is up: where everything is and a few things to try. */
final class Banner {
    private Banner() {
    }

    static String render(Sandbox sandbox, boolean ready, Duration took) {
        SandboxOptions o = sandbox.options();
        Path kubeconfig = relative(sandbox.kubeconfig());
        StringBuilder out = new StringBuilder();
        out.append(ready ? String.format("%nPortico sandbox is ready (%.1f s)%n%n", took.toMillis() / 1000.0)
                : String.format("%nPortico sandbox started, but not everything is ready after %.1f s: "
                        + "check the logs in %s%n%n", took.toMillis() / 1000.0, relative(o.dir())));
        out.append(String.format("  Kubernetes API  %s   (emulated; kubeconfig %s)%n", sandbox.api().url(), kubeconfig));
        if (sandbox.operator() != null) {
            out.append(String.format("  operator        snapshot stream on 127.0.0.1:%d, metrics http://127.0.0.1:%d/metrics%n",
                    sandbox.operator().streamPort(), sandbox.operator().metricsPort()));
        } else {
            out.append("  operator        not started (--no-operator)\n");
        }
        for (DataPlaneProcess dp : sandbox.dataPlanes()) {
            out.append(String.format("  gateway         http://localhost:%d%s   admin http://localhost:%d/config   log %s%n",
                    dp.port(), dp.httpsPort() == 0 ? "" : "   https://localhost:" + dp.httpsPort(), dp.adminPort(),
                    relative(dp.log())));
        }
        if (sandbox.dataPlanes().isEmpty()) {
            out.append("  gateway         not started (--no-dataplane)\n");
        }
        if (sandbox.shop() != null) {
            out.append(String.format("  demo shop       %s on loopback (namespace shop)%n", replicas(sandbox.shop())));
        }
        int port = o.gatewayPort();
        out.append("\nTry, in another shell:\n");
        out.append("  export KUBECONFIG=").append(kubeconfig).append('\n');
        out.append("  kubectl get gatewayroutes -A\n");
        if (sandbox.shop() != null && !sandbox.dataPlanes().isEmpty()) {
            out.append(String.format("  curl localhost:%d/api/users/123%n", port));
            out.append(String.format("  curl localhost:%d/api/products%n", port));
            out.append(String.format("  curl -X POST localhost:%d/api/orders -d '{\"item\":\"p-1\"}'%n", port));
            out.append(String.format("  curl -X POST -H 'X-Api-Key: demo-key-123' localhost:%d/api/payments -d '{\"amount\":10}'%n", port));
            out.append(String.format("  curl localhost:%d/api/dashboard/123%n", port));
            out.append(String.format("  tail -f %s   # the access log: one JSON line per request%n",
                    relative(sandbox.dataPlanes().get(0).accessLog())));
            if (o.httpsPort() != 0) {
                out.append(String.format("  curl --cacert %s --http2 https://localhost:%d/api/users/123   # HTTP/2 by ALPN%n",
                        relative(o.dir().resolve("tls.crt")), o.httpsPort()));
            }
        }
        out.append("  kubectl describe gr shop -n shop\n");
        if (sandbox.shop() != null) {
            out.append("  kubectl apply -f examples/features/   # canary, rewrites, JWT, aggregation, CORS: each file"
                    + " says how to try it\n");
        }
        out.append("\nCtrl-C stops everything.\n");
        return out.toString();
    }

    /** {@code user-service x2, ..., user-service-v2 x1}: each app with its replica count, in start order. */
    static String replicas(DemoShop shop) {
        Map<String, Integer> byApp = new LinkedHashMap<>();
        shop.instances().forEach(i -> byApp.merge(i.app(), 1, Integer::sum));
        StringJoiner apps = new StringJoiner(", ");
        byApp.forEach((app, n) -> apps.add(app + " x" + n));
        return apps.toString();
    }

    private static Path relative(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath();
        return abs.startsWith(cwd) ? cwd.relativize(abs) : abs;
    }
}
