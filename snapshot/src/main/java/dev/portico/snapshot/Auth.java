package dev.portico.snapshot;

/** Credentials a route demands. With both set, either one lets a request in. */
public record Auth(JwtAuth jwt, ApiKeyAuth apiKeys) {
}
