package dev.portico.sandbox.demo;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * {@code GET /users/{id}}: a made-up user for any id; {@code /users/me} is the user the gateway names in
 * {@code X-User-Id} (the JWT example puts the token's subject there). Runs as two apps: {@code user-service}
 * (version v1) and {@code user-service-v2}, the canary of the canary-weights example, which says v2.
 */
final class UserService implements DemoService {
    private static final String[] NAMES = {"Ada", "Grace", "Alan", "Barbara", "Edsger", "Margaret"};

    private final String name;
    private final String version;
    private final int instances;

    UserService(String name, String version, int instances) {
        this.name = name;
        this.version = version;
        this.instances = instances;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int instances() {
        return instances;
    }

    @Override
    public void handle(HttpServerRequest request, String instance) {
        String path = request.path();
        if (request.method() == HttpMethod.GET && path.startsWith("/users/") && path.length() > "/users/".length()) {
            String id = path.substring("/users/".length());
            if (id.equals("me")) {
                id = request.getHeader("X-User-Id");
                if (id == null || id.isBlank()) {
                    DemoService.json(request, 401, new JsonObject().put("error", "no_user")
                            .put("message", "/users/me needs X-User-Id (the gateway sets it from a JWT)"), instance);
                    return;
                }
            }
            String user = NAMES[Math.floorMod(id.hashCode(), NAMES.length)];
            DemoService.json(request, 200, new JsonObject().put("id", id).put("name", user)
                    .put("email", user.toLowerCase() + "@shop.example").put("version", version)
                    .put("servedBy", instance), instance);
        } else {
            DemoService.notFound(request, instance);
        }
    }
}
