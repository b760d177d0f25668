package dev.portico.sandbox.demo;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/** One of the demo shop's services: a name and how it answers a request. */
interface DemoService {

    /** The Kubernetes Service name, e.g. {@code user-service}. */
    String name();

    /** How many replicas the sandbox runs. */
    default int instances() {
        return DemoShop.INSTANCES_PER_SERVICE;
    }

    /** Answers one request; {@code instance} names the replica so load balancing is visible. */
    void handle(HttpServerRequest request, String instance);

    static void json(HttpServerRequest request, int status, Object body, String instance) {
        String text = body instanceof JsonObject o ? o.encode() : ((io.vertx.core.json.JsonArray) body).encode();
        request.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .putHeader("X-Instance", instance)
                .end(text);
    }

    static void notFound(HttpServerRequest request, String instance) {
        json(request, 404, new JsonObject().put("error", "not_found")
                .put("message", "no " + request.method() + " " + request.path() + " here"), instance);
    }
}
