/**
 * An emulated Kubernetes API for the sandbox and for integration tests — never for production.
 *
 * <p>{@link dev.portico.apiserver.EmulatedApiServer} is the only public entry point. Objects live in the
 * Fabric8 mock server's CRUD dispatcher ({@code ObjectStore}); a Vert.x front ({@code ApiFrontend},
 * {@code ApiRouter}) adds what real kubectl and Fabric8 clients need and the mock lacks: discovery, OpenAPI v3
 * from installed CRDs, CRD schema validation and defaults, Table output with printer columns, field selectors,
 * patch types including server-side apply, and watches over chunked HTTP and WebSocket with resume from a
 * resourceVersion. What kubectl asks, request by request: {@code shared/design/kubectl-protocol.md}.
 */
package dev.portico.apiserver;
