package dev.portico.sandbox.demo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The demo shop: user, order, product and payment services, two instances each, on loopback ports
 * chosen by the OS, plus one instance of {@code user-service-v2} for the canary example. Each instance
 * carries the pod label {@code app: <service>}; the sandbox writes EndpointSlices for every Service whose
 * selector matches them, so the gateway finds them through the same discovery as in a cluster.
 */
public final class DemoShop implements AutoCloseable {

    /** One running replica: what an EndpointSlice entry describes; {@code labels} are its pod's. */
    public record Instance(String app, String name, String address, int port, Map<String, String> labels) {
        /** Whether a Service with this selector would pick this replica (every pair present; empty picks none). */
        public boolean selectedBy(Map<String, String> selector) {
            return selector != null && !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
        }
    }

    public static final int INSTANCES_PER_SERVICE = 2;

    private final List<HttpServer> servers;
    private final List<Instance> instances;

    private DemoShop(List<HttpServer> servers, List<Instance> instances) {
        this.servers = servers;
        this.instances = instances;
    }

    public static Future<DemoShop> start(Vertx vertx, String address) {
        List<DemoService> services = List.of(new UserService("user-service", "v1", INSTANCES_PER_SERVICE),
                new OrderService(), new ProductService(), new PaymentService(),
                new UserService("user-service-v2", "v2", 1));
        List<Future<HttpServer>> started = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (DemoService service : services) {
            for (int i = 1; i <= service.instances(); i++) {
                String instance = service.name() + "-" + i;
                names.add(instance);
                started.add(vertx.createHttpServer()
                        .requestHandler(request -> service.handle(request, instance))
                        .listen(0, address));
            }
        }
        return Future.all(started).map(all -> {
            List<HttpServer> servers = new ArrayList<>();
            List<Instance> instances = new ArrayList<>();
            for (int i = 0; i < started.size(); i++) {
                HttpServer server = started.get(i).result();
                servers.add(server);
                String name = names.get(i);
                String app = name.substring(0, name.lastIndexOf('-'));
                instances.add(new Instance(app, name, address, server.actualPort(), Map.of("app", app)));
            }
            return new DemoShop(servers, List.copyOf(instances));
        });
    }

    public List<Instance> instances() {
        return instances;
    }

    /** The replicas a Service with this selector picks, in start order. */
    public List<Instance> selectedBy(Map<String, String> selector) {
        return instances.stream().filter(i -> i.selectedBy(selector)).toList();
    }

    @Override
    public void close() {
        servers.forEach(HttpServer::close);
    }
}
