package dev.portico.sandbox.demo;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.atomic.AtomicLong;

/** {@code GET /orders?userId=} lists a user's orders; {@code POST /orders} places one. */
final class OrderService implements DemoService {
    private final AtomicLong nextId = new AtomicLong(1000);

    @Override
    public String name() {
        return "order-service";
    }

    @Override
    public void handle(HttpServerRequest request, String instance) {
        if (!request.path().equals("/orders")) {
            DemoService.notFound(request, instance);
        } else if (request.method() == HttpMethod.GET) {
            String userId = request.getParam("userId", "anonymous");
            JsonArray orders = new JsonArray()
                    .add(new JsonObject().put("id", "o-" + userId + "-1").put("userId", userId).put("total", 42.50))
                    .add(new JsonObject().put("id", "o-" + userId + "-2").put("userId", userId).put("total", 9.99));
            DemoService.json(request, 200, orders, instance);
        } else if (request.method() == HttpMethod.POST) {
            request.body().onSuccess(body -> {
                JsonObject order;
                try {
                    order = body.length() == 0 ? new JsonObject() : body.toJsonObject();
                } catch (DecodeException e) {
                    DemoService.json(request, 400, new JsonObject().put("error", "bad_request")
                            .put("message", "the order must be a JSON object"), instance);
                    return;
                }
                order.put("id", "o-" + nextId.incrementAndGet()).put("status", "placed").put("servedBy", instance);
                DemoService.json(request, 201, order, instance);
            });
        } else {
            DemoService.notFound(request, instance);
        }
    }
}
