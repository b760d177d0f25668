package dev.portico.dataplane.filter;

import io.vertx.core.http.HttpServerRequest;
import java.util.List;

/**
 * What a filter may read of the client's request: method, query and headers, whichever forward path
 * carries the request (Vert.x's, or the HTTP/1 path below it that has no {@link HttpServerRequest}).
 */
public interface RequestHead {
    String method();

    /** The query string as sent (after {@code ?}, not decoded), or null when there is none. */
    String query();

    /** The first value of a header, by case-insensitive name; null when absent. */
    String header(String name);

    /** Every value of a header, by case-insensitive name, in the order sent; empty when absent. */
    List<String> headers(String name);

    /** The head of a request Vert.x decoded. */
    static RequestHead of(HttpServerRequest request) {
        return new RequestHead() {
            @Override
            public String method() {
                return request.method().name();
            }

            @Override
            public String query() {
                return request.query();
            }

            @Override
            public String header(String name) {
                return request.getHeader(name);
            }

            @Override
            public List<String> headers(String name) {
                return request.headers().getAll(name);
            }
        };
    }
}
