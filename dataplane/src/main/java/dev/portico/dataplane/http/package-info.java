/**
 * Edge hardening (design/hardening.md): the raw-byte {@link dev.portico.dataplane.http.Http1RequestGuard}
 * installed by {@link dev.portico.dataplane.http.GuardedTransport}, path normalisation, hop-by-hop and
 * X-Forwarded-* handling, request ids and the JSON error body.
 */
package dev.portico.dataplane.http;
