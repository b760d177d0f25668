/**
 * Aggregation: one client call, many backends in parallel, one JSON object back
 * ({@link dev.portico.dataplane.aggregate.AggregateFilterFactory} is the entry point; it plugs into the
 * filter chain after auth and rate limiting and answers {@code aggregate} rules itself).
 *
 * <p>What a request does:
 * <ul>
 *   <li><b>Paths.</b> {@code {name}} in a backend's {@code path} is the Template capture of that name;
 *       when no capture has that name, the client's query parameter of that name (its first value;
 *       an API key sent in the query is stripped by auth before and is never available).
 *       A missing value is 400 naming the backend and variable; so is an empty value where a path
 *       segment goes. Before the {@code ?} a value becomes exactly one path segment, after it
 *       exactly one query value: every byte but {@code A-Z a-z 0-9 - . _ ~} is percent-encoded
 *       ({@code /}, {@code %}, {@code ?}, {@code #}, {@code &}, {@code =} included), and a value of only dots is
 *       encoded too ({@code ..} is sent as {@code %2E%2E}), so a captured {@code ..%2Fadmin} arrives as the one
 *       segment {@code ..%2Fadmin} and never as {@code /admin}. The client's query string is not
 *       forwarded otherwise: a backend gets only the query its {@code path} spells out.</li>
 *   <li><b>Calls.</b> Every backend gets a {@code GET} at once, over the proxy's machinery
 *       ({@link dev.portico.dataplane.upstream.Upstreams}): the rule's load balancer, outlier detection
 *       (5xx, connect failures, resets and timeouts count against the endpoint), the event loop's
 *       pooled connections. A connect failure moves on to one other endpoint; nothing else is retried.
 *       The client's body is not forwarded.</li>
 *   <li><b>Headers.</b> Each backend gets {@code X-Request-Id}, {@code X-Forwarded-*}, the identity
 *       headers auth set ({@code Portico-*}, {@code claimsToHeaders} targets), headers the rule's
 *       {@code requestHeaders} set or add, {@code Authorization} only with {@code forwardToken: true},
 *       and {@code Accept: application/json} unless the rule sets one. No other client header
 *       (cookies, credentials, ...) is forwarded; the API has no field to ask for more yet.
 *       {@code Host} is the client's, as when proxying.</li>
 *   <li><b>Time.</b> A backend's limit is its {@code timeoutMs}, else the aggregate's, never above the
 *       aggregate's (nor the rule's {@code timeoutMs}); all start together, so the aggregate's
 *       timeout bounds the whole fan-out and the client waits for the slowest backend, not the sum.</li>
 *   <li><b>Answer.</b> {@code 200} with a JSON object: one member per backend {@code name}, in declared
 *       order, holding its body when that is one JSON value (and its Content-Type is JSON or absent),
 *       else the body as a JSON string (decoded with its charset, UTF-8 by default); an empty body is
 *       {@code null}. A required backend that fails (connect failure, reset, non-2xx status, body
 *       over the cap, missing Service, no ready endpoints) ends the call at once with 502
 *       {@code aggregate_backend_failed}; one that times out with 504 {@code aggregate_backend_timeout};
 *       the message names the backend. An optional backend that fails is left out and listed under
 *       {@code "_errors": {"<name>": {"error": "timeout", "message": "...", "status"?: 503}}}, and the
 *       response carries {@code Portico-Partial: true}.</li>
 *   <li><b>Limits.</b> Each backend body is capped (default 5 MiB,
 *       {@link dev.portico.dataplane.aggregate.AggregateFilterFactory#DEFAULT_MAX_BACKEND_BODY_BYTES}).</li>
 *   <li><b>Metrics.</b> {@code portico_aggregate_backend_latency_seconds{route,rule,backend,outcome}},
 *       outcome being {@code ok}, {@code timeout}, {@code connect_failure}, {@code reset},
 *       {@code bad_status}, {@code body_too_large}, {@code no_healthy_upstream}, {@code backend_not_found}
 *       or {@code cancelled}; calls also feed {@code portico_upstream_latency_seconds{cluster}}.</li>
 * </ul>
 */
package dev.portico.dataplane.aggregate;
