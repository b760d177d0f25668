package dev.portico.sandbox.demo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

import java.util.ArrayList;
import java.util.List;

/**
 * The demo shop: user, order, product and payment services, two instances each, on loopback ports
 * chosen by the OS. The sandbox registers them as Services and EndpointSlices, so the gateway finds
 * them through the same discovery as in a cluster.
 */
public final class DemoShop implements AutoCloseable {

    /** One running replica: what an EndpointSlice entry describes. */
    public record Instance(String service, String name, String address, int port) {
    }

    public static final int INSTANCES_PER_SERVICE = 2;

    private final List<HttpServer> servers;
    private final List<Instance> instances;

    private DemoShop(List<HttpServer> servers, List<Instance> instances) {
        this.servers = servers;
        this.instances = instances;
    }

    public static Future<DemoShop> start(Vertx vertx, String address) {
        List<DemoService> services = List.of(new UserService(), new OrderService(), new ProductService(),
                new PaymentService());
        List<Future<HttpServer>> started = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (DemoService service : services) {
            for (int i = 1; i <= INSTANCES_PER_SERVICE; i++) {
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
                instances.add(new Instance(name.substring(0, name.lastIndexOf('-')), name, address,
                        server.actualPort()));
            }
            return new DemoShop(servers, List.copyOf(instances));
        });
    }

    public List<Instance> instances() {
        return instances;
    }

    public List<Instance> instancesOf(String service) {
        return instances.stream().filter(i -> i.service().equals(service)).toList();
    }

    @Override
    public void close() {
        servers.forEach(HttpServer::close);
    }
}
