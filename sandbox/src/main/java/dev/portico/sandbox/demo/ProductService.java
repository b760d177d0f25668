package dev.portico.sandbox.demo;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** {@code GET /products?limit=N}: the catalogue, optionally cut short. */
final class ProductService implements DemoService {
    private static final String[][] CATALOGUE = {
        {"p-1", "Espresso machine", "249.00"}, {"p-2", "Grinder", "89.00"}, {"p-3", "Kettle", "39.00"},
        {"p-4", "Scale", "25.00"}, {"p-5", "Beans, 1 kg", "19.50"}};

    @Override
    public String name() {
        return "product-service";
    }

    @Override
    public void handle(HttpServerRequest request, String instance) {
        if (request.method() != HttpMethod.GET || !request.path().equals("/products")) {
            DemoService.notFound(request, instance);
            return;
        }
        int limit = CATALOGUE.length;
        try {
            limit = Math.max(0, Math.min(limit, Integer.parseInt(request.getParam("limit", "" + limit))));
        } catch (NumberFormatException ignored) {
            // an unparsable limit means the whole catalogue, as most shops answer
        }
        JsonArray products = new JsonArray();
        for (int i = 0; i < limit; i++) {
            products.add(new JsonObject().put("id", CATALOGUE[i][0]).put("name", CATALOGUE[i][1])
                    .put("price", Double.parseDouble(CATALOGUE[i][2])));
        }
        DemoService.json(request, 200, products, instance);
    }
}
