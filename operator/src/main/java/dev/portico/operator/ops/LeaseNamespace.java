package dev.portico.operator.ops;

import java.util.function.Predicate;

/**
 * Where the leader-election Lease lives. Every operator that can act on the same objects must pick the same
 * namespace, or each wins its own Lease and they overwrite each other's status: so an operator run by hand
 * contends with the installed one in {@value #INSTALL} when there is one.
 */
public final class LeaseNamespace {
    /** Where the kustomize base and the quick start install the operator. */
    public static final String INSTALL = "portico-system";

    private LeaseNamespace() {
    }

    /**
     * @param chosen    {@code --lease-namespace}, or null
     * @param pod       the namespace of the operator's pod, or null outside a pod
     * @param watched   {@code --namespace}, or null when all are watched
     * @param exists    whether a namespace exists (only asked outside a pod, where the user's rights apply)
     */
    public static String choose(String chosen, String pod, String watched, Predicate<String> exists) {
        if (chosen != null) {
            return chosen;
        }
        if (pod != null) {
            return pod;
        }
        if (watched != null) {
            return watched; // a namespaced operator may have no rights anywhere else
        }
        return exists.test(INSTALL) ? INSTALL : "default";
    }
}
