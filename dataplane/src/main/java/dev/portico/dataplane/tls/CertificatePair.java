package dev.portico.dataplane.tls;

import io.vertx.core.buffer.Buffer;

/** A PEM certificate chain and its private key, as read; equal when their bytes are. */
public record CertificatePair(Buffer certificate, Buffer key) {
}
