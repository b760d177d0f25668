/**
 * The request path: {@link dev.portico.dataplane.proxy.GatewayVerticle} runs one HTTP server (HTTP/1.1 and h2c)
 * and one pooled upstream client per event loop; {@link dev.portico.dataplane.proxy.GatewayHandler} normalises,
 * routes with the router current at arrival, cleans headers, runs the rule's filters and hands over to an
 * upstream call (balancing, retries only when safe, per-try and overall timeouts, streamed bodies) or to the
 * WebSocket byte tunnel. Gateway-made errors are JSON with the request id.
 */
package dev.portico.dataplane.proxy;
