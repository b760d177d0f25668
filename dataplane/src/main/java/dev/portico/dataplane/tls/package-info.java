/**
 * The gateway's TLS listener: the PEM pairs {@code kubernetes.io/tls} Secrets mount ({@link
 * dev.portico.dataplane.tls.TlsFiles}), checked before they are served, chosen by the server name a client asks for
 * when there are several ({@link dev.portico.dataplane.tls.CertificateSet}), and re-read while it runs so a renewed
 * certificate reaches new connections without a restart ({@link dev.portico.dataplane.tls.CertificateReloader}).
 */
package dev.portico.dataplane.tls;
