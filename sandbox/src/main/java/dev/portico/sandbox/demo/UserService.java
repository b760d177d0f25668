package dev.portico.sandbox.demo;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/** {@code GET /users/{id}}: a made-up user for any id. */
final class UserService implements DemoService {
    private static final String[] NAMES = {"Ada", "Grace", "Alan", "Barbara", "Edsger", "Margaret"};

    @Override
    public String name() {
        return "user-service";
    }

    @Override
    public void handle(HttpServerRequest request, String instance) {
        String path = request.path();
        if (request.method() == HttpMethod.GET && path.startsWith("/users/") && path.length() > "/users/".length()) {
            String id = path.substring("/users/".length());
            String name = NAMES[Math.floorMod(id.hashCode(), NAMES.length)];
            DemoService.json(request, 200, new JsonObject().put("id", id).put("name", name)
                    .put("email", name.toLowerCase() + "@shop.example").put("servedBy", instance), instance);
        } else {
            DemoService.notFound(request, instance);
        }
    }
}
