/**
 * The gateway's TLS listener: the PEM pair a {@code kubernetes.io/tls} Secret mounts ({@link
 * dev.portico.dataplane.tls.TlsFiles}), checked before it is served, and re-read while it runs so a
 * renewed certificate reaches new connections without a restart ({@link
 * dev.portico.dataplane.tls.CertificateReloader}).
 */
package dev.portico.dataplane.tls;
