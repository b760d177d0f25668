package dev.portico.operator.ops;

import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Why this replica's last call on the Lease failed: RBAC refused it {@code verb} (403, which never heals by
 * itself), or the API did not answer as it should (network, expired token, server error).
 */
record LeaseTrouble(String verb, boolean forbidden, String cause) {

    static LeaseTrouble of(String verb, KubernetesClientException e) {
        if (e.getCode() > 0) {
            String status = e.getStatus() == null ? null : e.getStatus().getMessage();
            return new LeaseTrouble(verb, e.getCode() == 403,
                    "HTTP " + e.getCode() + (status == null ? "" : ": " + status));
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return new LeaseTrouble(verb, false, root.getMessage() == null ? root.toString() : root.getMessage());
    }

    /** A retry failing the same way is no news for the log. */
    boolean sameAs(LeaseTrouble other) {
        return other != null && forbidden == other.forbidden && (!forbidden || verb.equals(other.verb));
    }

    /** One line for a standby's log and /readyz. */
    String standby(String apiUrl, String lease) {
        return forbidden
                ? "standing by, but RBAC forbids it to " + verb + " leases.coordination.k8s.io at " + apiUrl
                        + " (lease " + lease + "): " + cause + "; grant get, create and update on leases to its "
                        + "service account, this replica cannot take over until then"
                : "standing by, but cannot reach the Kubernetes API at " + apiUrl + " (lease " + lease + "): "
                        + cause + "; this replica cannot take over until it can";
    }
}
