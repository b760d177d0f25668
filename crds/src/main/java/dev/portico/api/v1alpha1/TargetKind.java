package dev.portico.api.v1alpha1;

/**
 * Kinds a policy can target.
 */
public enum TargetKind {
    /** A GatewayRoute. */
    GatewayRoute
}
