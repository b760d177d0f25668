/**
 * Upstream selection: weighted backend choice, per-cluster endpoint state kept across snapshot swaps
 * ({@link dev.portico.dataplane.upstream.EndpointTable}), the balancers and passive outlier detection.
 */
package dev.portico.dataplane.upstream;
