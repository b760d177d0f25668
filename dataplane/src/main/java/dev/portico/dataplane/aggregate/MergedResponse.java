package dev.portico.dataplane.aggregate;

import dev.portico.dataplane.filter.Exchange;
import dev.portico.dataplane.http.UnreadBody;
import dev.portico.snapshot.HeaderModifier;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * Writes the merged answer: {@code {"<name>": <body>, ..., "_errors": {"<name>": {"error", "message",
 * "status"?}}}} in the order the backends are declared, with {@code Portico-Partial: true} when an
 * optional backend is missing.
 */
final class MergedResponse {
    static final String PARTIAL_HEADER = "Portico-Partial";

    private MergedResponse() {
    }

    static void send(Exchange ex, AggregatePlan plan, CallResult[] results) {
        HttpServerResponse response = ex.request().response();
        if (response.closed() || response.headWritten()) {
            ex.markResponded();
            return;
        }
        boolean partial = false;
        Buffer body = Buffer.buffer(256).appendByte((byte) '{');
        boolean first = true;
        for (int i = 0; i < results.length; i++) {
            if (results[i].succeeded()) {
                member(body, first, plan.backends().get(i).name()).appendBuffer(results[i].json());
                first = false;
            } else {
                partial = true;
            }
        }
        if (partial) {
            member(body, first, AggregatePlan.ERRORS).appendByte((byte) '{');
            boolean firstError = true;
            for (int i = 0; i < results.length; i++) {
                if (!results[i].succeeded()) {
                    member(body, firstError, plan.backends().get(i).name()).appendBuffer(error(results[i]));
                    firstError = false;
                }
            }
            body.appendByte((byte) '}');
        }
        body.appendByte((byte) '}');
        MultiMap headers = response.headers();
        ex.responseHeaders().forEach(h -> headers.add(h.getKey(), h.getValue()));
        apply(ex.hit().rule().rule().responseHeaders(), headers);
        headers.set("content-type", "application/json");
        headers.set("x-request-id", ex.requestId());
        if (partial) {
            headers.set(PARTIAL_HEADER, "true");
        }
        response.setStatusCode(200);
        ex.markResponded();
        response.end(body);
        UnreadBody.drain(ex.request());
    }

    /** Appends {@code ,"name":} (no comma before the first member); returns the buffer. */
    private static Buffer member(Buffer body, boolean first, String name) {
        if (!first) {
            body.appendByte((byte) ',');
        }
        return body.appendBuffer(JsonMember.quoted(name)).appendByte((byte) ':');
    }

    private static Buffer error(CallResult r) {
        Buffer b = Buffer.buffer(96).appendString("{\"error\":").appendBuffer(JsonMember.quoted(r.outcome().code))
                .appendString(",\"message\":").appendBuffer(JsonMember.quoted(r.message()));
        if (r.status() > 0) {
            b.appendString(",\"status\":").appendString(Integer.toString(r.status()));
        }
        return b.appendByte((byte) '}');
    }

    private static void apply(HeaderModifier modifier, MultiMap headers) {
        if (modifier == null || modifier.isEmpty()) {
            return;
        }
        modifier.remove().forEach(headers::remove);
        modifier.set().forEach(h -> headers.set(h.name(), h.value()));
        modifier.add().forEach(h -> headers.add(h.name(), h.value()));
    }
}
