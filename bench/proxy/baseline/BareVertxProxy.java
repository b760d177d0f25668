import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The framework's ceiling for the proxy benchmark: the least a Vert.x reverse proxy can do (one
 * event loop, pooled keep-alive upstream connections, headers copied, bodies piped), with none of
 * Portico's routing, guards, timeouts, retries or metrics. Not part of Portico.
 *
 * <p>{@code java -cp "dataplane/target/lib/*" BareVertxProxy.java LISTEN_PORT BACKEND_PORT}
 */
public class BareVertxProxy {
    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        int backendPort = Integer.parseInt(args[1]);
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(1));
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(512));
        vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true)).requestHandler(req -> {
            req.pause();
            RequestOptions options = new RequestOptions().setMethod(req.method()).setHost("127.0.0.1")
                    .setPort(backendPort).setURI(req.uri()).setHeaders(req.headers());
            client.request(options).onComplete(ar -> {
                if (ar.failed()) {
                    req.response().setStatusCode(502).end();
                    return;
                }
                ar.result().send(req).onComplete(res -> {
                    if (res.failed()) {
                        req.response().setStatusCode(502).end();
                        return;
                    }
                    var upstream = res.result();
                    req.response().setStatusCode(upstream.statusCode()).headers().setAll(upstream.headers());
                    upstream.pipeTo(req.response());
                });
            });
        }).listen(port, "127.0.0.1").onSuccess(s -> System.out.println("bare Vert.x proxy on " + s.actualPort()))
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
    }
}
