package dev.portico.dataplane;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Sends a test's client requests from one Vert.x context instead of the JUnit thread. Vert.x 5.0.7 can lose the
 * answer of an HTTP/2 client stream when requests on one connection are made from several threads
 * (eclipse-vertx/vert.x#6038): a test sending many requests over one h2c connection hangs now and then.
 */
public final class OneContext {
    private final Context context;

    public OneContext(Vertx vertx) {
        this.context = vertx.getOrCreateContext();
    }

    /** Runs {@code work} on the context and waits for its result. */
    public <T> T await(Supplier<Future<T>> work, long seconds) throws Exception {
        Promise<T> result = Promise.promise();
        context.runOnContext(v -> work.get().onComplete(result));
        return result.future().await(seconds, TimeUnit.SECONDS);
    }
}
