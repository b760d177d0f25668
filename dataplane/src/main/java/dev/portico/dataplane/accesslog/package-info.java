/**
 * One JSON line per request ({@link dev.portico.dataplane.accesslog.AccessEntry}), written off the event loops by
 * {@link dev.portico.dataplane.accesslog.AccessLog}; {@code --access-log stdout|PATH|off}.
 */
package dev.portico.dataplane.accesslog;
