package dev.portico.operator.ops;

import java.util.ArrayList;
import java.util.List;

/**
 * Every Kubernetes API permission the operator uses, as RBAC spells it (core group = ""). The deploy
 * manifests' ClusterRole must grant exactly these; a test there compares both.
 */
public final class ApiPermissions {

    /** One RBAC rule line: {@code verb} on {@code resource} (a subresource as {@code kind/status}) of {@code apiGroup}. */
    public record Permission(String apiGroup, String resource, String verb) {
    }

    public static final List<Permission> REQUIRED = build();

    private ApiPermissions() {
    }

    private static List<Permission> build() {
        List<Permission> all = new ArrayList<>();
        // primaries: watched by JOSDK, status written with merge patches
        for (String resource : List.of("gatewayroutes", "ratelimitpolicies")) {
            add(all, "portico.dev", resource, "get", "list", "watch");
            add(all, "portico.dev", resource + "/status", "get", "patch", "update");
        }
        // secondaries read from informer caches
        add(all, "", "services", "get", "list", "watch");
        add(all, "discovery.k8s.io", "endpointslices", "get", "list", "watch");
        add(all, "", "secrets", "get", "list", "watch");
        // Events on refused objects
        add(all, "", "events", "create", "patch");
        // leader election
        add(all, "coordination.k8s.io", "leases", "get", "create", "update");
        return List.copyOf(all);
    }

    private static void add(List<Permission> all, String group, String resource, String... verbs) {
        for (String verb : verbs) {
            all.add(new Permission(group, resource, verb));
        }
    }
}
