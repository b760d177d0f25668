package dev.portico.dataplane.tls;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;

/** A PEM certificate chain and its private key, as read; equal when their bytes are. */
public record CertificatePair(Buffer certificate, Buffer key) {
    public PemKeyCertOptions keyCertOptions() {
        return new PemKeyCertOptions().setCertValue(certificate).setKeyValue(key);
    }
}
