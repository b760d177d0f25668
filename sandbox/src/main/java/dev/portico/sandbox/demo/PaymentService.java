package dev.portico.sandbox.demo;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

/** {@code POST /payments}: captures a payment; the gateway has checked the caller's API key. */
final class PaymentService implements DemoService {

    @Override
    public String name() {
        return "payment-service";
    }

    @Override
    public void handle(HttpServerRequest request, String instance) {
        if (request.method() != HttpMethod.POST || !request.path().equals("/payments")) {
            DemoService.notFound(request, instance);
            return;
        }
        request.body().onSuccess(body -> DemoService.json(request, 201, new JsonObject()
                .put("id", "pay-" + UUID.randomUUID())
                .put("status", "captured")
                .put("client", request.getHeader("Portico-Client-Id"))
                .put("servedBy", instance), instance));
    }
}
