package dev.portico.apiserver;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * An emulated Kubernetes API for the sandbox and for tests (never production): the Fabric8 mock server's
 * CRUD store behind the discovery, OpenAPI, validation, Table and watch behaviour real kubectl and
 * Fabric8 clients rely on. Plain HTTP, meant for loopback.
 *
 * <pre>{@code
 * try (EmulatedApiServer api = EmulatedApiServer.start("127.0.0.1", 0)) {
 *   api.writeKubeconfig(Path.of(".portico/kubeconfig"));
 *   api.client().namespaces().list();
 * }
 * }</pre>
 */
public final class EmulatedApiServer implements AutoCloseable {

  private final Vertx vertx;
  private final HttpServer server;
  private final String host;
  private final WatchHub hub;
  private final List<KubernetesClient> clients = new CopyOnWriteArrayList<>();

  private EmulatedApiServer(Vertx vertx, HttpServer server, String host, WatchHub hub) {
    this.vertx = vertx;
    this.server = server;
    this.host = host;
    this.hub = hub;
  }

  /** Starts serving on {@code host:port} ({@code port} 0 picks a free one) with the {@code default} namespace. */
  public static EmulatedApiServer start(String host, int port) {
    Vertx vertx = Vertx.vertx();
    try {
      WatchHub hub = new WatchHub();
      ObjectStore store = new ObjectStore(hub);
      ResourceCatalog catalog = new ResourceCatalog(store);
      ResourceRequests resources = new ResourceRequests(store, catalog);
      AddressHolder address = new AddressHolder();
      ApiRouter router = new ApiRouter(catalog, resources, address);
      HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port)
              .setMaxInitialLineLength(16 * 1024))
          .requestHandler(new ApiFrontend(vertx, router, new WatchStream(resources, store, hub)))
          .listen().await(30, TimeUnit.SECONDS);
      address.value = host + ":" + server.actualPort();
      for (String namespace : List.of("default", "kube-system", "kube-public")) {
        store.call("POST", "/api/v1/namespaces", "application/json",
            "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + namespace
                + "\"},\"status\":{\"phase\":\"Active\"}}");
      }
      return new EmulatedApiServer(vertx, server, host, hub);
    } catch (RuntimeException e) {
      vertx.close();
      throw e;
    } catch (Exception e) {
      vertx.close();
      throw new IllegalStateException("the emulated Kubernetes API could not start on " + host + ":" + port, e);
    }
  }

  /** {@code http://127.0.0.1:<port>}; a wildcard listen address is reached through loopback. */
  public String url() {
    String reachable = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
    String shownHost = reachable.contains(":") ? "[" + reachable + "]" : reachable;
    return "http://" + shownHost + ":" + port();
  }

  public int port() {
    return server.actualPort();
  }

  /** A new Fabric8 client for this API (namespace {@code default}); closed with the server. */
  public KubernetesClient client() {
    Config config = new ConfigBuilder(Config.empty())
        .withMasterUrl(url())
        .withNamespace("default")
        .withOauthToken("sandbox-token-not-a-secret")
        .withRequestRetryBackoffLimit(0)
        .build();
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    clients.add(client);
    return client;
  }

  /** Writes a kubeconfig pointing kubectl at this API; returns the file. */
  public Path writeKubeconfig(Path file) {
    try {
      return Kubeconfig.write(file, url());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write kubeconfig " + file, e);
    }
  }

  /** The number of watches currently open, for tests and diagnostics. */
  public int openWatches() {
    return hub.openWatches();
  }

  @Override
  public void close() {
    clients.forEach(KubernetesClient::close);
    try {
      server.close().await(10, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // closing the Vert.x instance below releases the port anyway
    }
    try {
      vertx.close().await(10, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // nothing more to release
    }
  }

  /** The address the core discovery document advertises, known once the server listens. */
  static final class AddressHolder implements java.util.function.Supplier<String> {
    private volatile String value = "";

    @Override
    public String get() {
      return value;
    }
  }
}
