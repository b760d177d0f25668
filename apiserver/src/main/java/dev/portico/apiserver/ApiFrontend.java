package dev.portico.apiserver;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The HTTP face of the emulated API on Vert.x: plain requests go to the {@link ApiRouter} on a worker thread;
 * watches stay open, as a chunked HTTP response (kubectl) or a WebSocket (Fabric8 clients).
 */
final class ApiFrontend implements Handler<HttpServerRequest> {

  private static final System.Logger LOG = System.getLogger(ApiFrontend.class.getName());

  private final Vertx vertx;
  private final ApiRouter router;
  private final WatchStream watches;

  ApiFrontend(Vertx vertx, ApiRouter router, WatchStream watches) {
    this.vertx = vertx;
    this.router = router;
    this.watches = watches;
  }

  @Override
  public void handle(HttpServerRequest request) {
    LOG.log(System.Logger.Level.DEBUG, () -> request.method() + " " + request.uri()
        + (request.getHeader(HttpHeaders.UPGRADE) == null ? "" : " (upgrade)"));
    if ("websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE))) {
      // the upgrade must happen before anything reads the request
      startWatch(request, toApiRequest(request, new byte[0]));
      return;
    }
    request.body().onSuccess(body -> {
      ApiRequest apiRequest = toApiRequest(request, body.getBytes());
      boolean watch = request.method().name().equals("GET")
          && ("true".equals(apiRequest.param("watch")) || "1".equals(apiRequest.param("watch")));
      if (watch) {
        startWatch(request, apiRequest);
        return;
      }
      vertx.executeBlocking(() -> router.route(apiRequest), false)
          .onSuccess(response -> send(request.response(), response))
          .onFailure(failure -> fail(request, failure));
    }).onFailure(failure -> fail(request, failure));
  }

  private void startWatch(HttpServerRequest request, ApiRequest apiRequest) {
    ResourcePath path = ResourcePath.parse(apiRequest.path());
    Optional<ResourceType> type = path == null ? Optional.empty() : router.resolve(path);
    if (type.isEmpty()) {
      send(request.response(), ApiRouter.notFound());
      return;
    }
    boolean webSocket = "websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE));
    Context context = vertx.getOrCreateContext();
    if (webSocket) {
      request.toWebSocket().onSuccess(socket -> watchOverWebSocket(socket, context, apiRequest, path, type.get()))
          .onFailure(failure -> LOG.log(System.Logger.Level.DEBUG, "watch upgrade failed", failure));
      return;
    }
    HttpServerResponse response = request.response();
    response.setChunked(true);
    response.putHeader(HttpHeaders.CONTENT_TYPE, TableRenderer.wanted(apiRequest.accept())
        ? TableRenderer.CONTENT_TYPE : "application/json");
    response.putHeader("Cache-Control", "no-cache, private");
    response.writeHead();
    Consumer<String> lines = line -> context.runOnContext(v -> {
      if (!response.ended() && !response.closed()) {
        response.write(line + "\n");
      }
    });
    vertx.executeBlocking(() -> watches.open(apiRequest, path, type.get(), lines), false)
        .onSuccess(subscription -> {
          response.closeHandler(v -> subscription.close());
          response.exceptionHandler(e -> subscription.close());
          if (response.closed()) {
            subscription.close();
          }
          timeout(apiRequest, () -> {
            subscription.close();
            context.runOnContext(v -> {
              if (!response.ended()) {
                response.end();
              }
            });
          });
        })
        .onFailure(failure -> {
          if (failure instanceof WatchHub.Expired) {
            // the client lists again and resumes from there, as after a real server's 410
            response.end(expiredEvent(failure) + "\n");
            return;
          }
          LOG.log(System.Logger.Level.WARNING, "watch failed: " + failure.getMessage());
          response.end();
        });
  }

  private void watchOverWebSocket(ServerWebSocket socket, Context context, ApiRequest apiRequest, ResourcePath path,
      ResourceType type) {
    Consumer<String> frames = line -> context.runOnContext(v -> {
      if (!socket.isClosed()) {
        socket.writeTextMessage(line);
      }
    });
    vertx.executeBlocking(() -> watches.open(apiRequest, path, type, frames), false)
        .onSuccess(subscription -> {
          socket.closeHandler(v -> subscription.close());
          if (socket.isClosed()) {
            subscription.close();
          }
          timeout(apiRequest, () -> {
            subscription.close();
            context.runOnContext(v -> socket.close());
          });
        })
        .onFailure(failure -> {
          if (failure instanceof WatchHub.Expired) {
            socket.writeTextMessage(expiredEvent(failure)).onComplete(done -> socket.close());
          } else {
            socket.close();
          }
        });
  }

  private static String expiredEvent(Throwable expired) {
    tools.jackson.databind.node.ObjectNode event = Json.object();
    event.put("type", "ERROR");
    event.set("object", Statuses.of(410, "Expired", expired.getMessage()));
    return Json.write(event);
  }

  private void timeout(ApiRequest request, Runnable stop) {
    String seconds = request.param("timeoutSeconds");
    if (seconds != null && !seconds.isBlank()) {
      try {
        vertx.setTimer(Math.max(1, Long.parseLong(seconds)) * 1000L, id -> stop.run());
      } catch (NumberFormatException ignored) {
        // an unparsable timeout leaves the watch open until the client closes it
      }
    }
  }

  private static ApiRequest toApiRequest(HttpServerRequest request, byte[] body) {
    Map<String, String> query = new LinkedHashMap<>();
    request.params().forEach(entry -> query.putIfAbsent(entry.getKey(), entry.getValue()));
    String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
    String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
    if (contentType != null && contentType.contains("protobuf") && body.length > 0) {
      // kubectl create sends built-in kinds as protobuf; the few it creates that way are read here
      tools.jackson.databind.node.ObjectNode decoded = ProtobufObjects.decode(body);
      if (decoded != null) {
        contentType = "application/json";
        text = Json.write(decoded);
      }
    }
    return new ApiRequest(request.method().name(), request.path(), query, request.getHeader(HttpHeaders.ACCEPT),
        contentType, text);
  }

  private static void send(HttpServerResponse response, ApiResponse answer) {
    response.setStatusCode(answer.code());
    response.putHeader(HttpHeaders.CONTENT_TYPE, answer.contentType());
    response.putHeader("Cache-Control", "no-cache, private");
    response.end(answer.body());
  }

  private static void fail(HttpServerRequest request, Throwable failure) {
    LOG.log(System.Logger.Level.WARNING, "request " + request.method() + " " + request.uri() + " failed", failure);
    if (!request.response().ended()) {
      send(request.response(), ApiResponse.status(Statuses.of(500, "InternalError", String.valueOf(failure.getMessage()))));
    }
  }
}
