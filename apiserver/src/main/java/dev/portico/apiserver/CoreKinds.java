package dev.portico.apiserver;

import java.util.List;

/** The built-in kinds the emulated API serves besides custom resources. */
final class CoreKinds {

  private CoreKinds() {
  }

  static final List<ResourceType> ALL = List.of(
      core("Namespace", "namespaces", false, List.of("ns"), true,
          List.of(PrinterColumn.of("Status", ".status.phase"))),
      core("Service", "services", true, List.of("svc"), true, BuiltInColumns.SERVICES)
          .withCategories(List.of("all")),
      core("Endpoints", "endpoints", true, List.of("ep"), false, List.of()),
      core("Secret", "secrets", true, List.of(), false, List.of(PrinterColumn.of("Type", ".type"))),
      core("ConfigMap", "configmaps", true, List.of("cm"), false, List.of()),
      core("Event", "events", true, List.of("ev"), false, BuiltInColumns.EVENTS),
      core("Pod", "pods", true, List.of("po"), true, List.of(PrinterColumn.of("Status", ".status.phase")))
          .withCategories(List.of("all")),
      core("ServiceAccount", "serviceaccounts", true, List.of("sa"), false, List.of()),
      builtIn("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", true, List.of(), false,
          List.of(PrinterColumn.of("AddressType", ".addressType"))),
      builtIn("coordination.k8s.io", "v1", "Lease", "leases", true, List.of(), false,
          List.of(PrinterColumn.of("Holder", ".spec.holderIdentity"))),
      builtIn("events.k8s.io", "v1", "Event", "events", true, List.of("ev"), false, List.of()),
      builtIn("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false,
          List.of("crd", "crds"), true, List.of()),
      // workloads and policies are stored so whole manifests apply; nothing schedules or enforces them
      builtIn("apps", "v1", "Deployment", "deployments", true, List.of("deploy"), true,
          List.of(PrinterColumn.of("Replicas", ".spec.replicas"))).withCategories(List.of("all")),
      builtIn("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true, List.of("pdb"), true, List.of()),
      builtIn("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true, List.of("netpol"), false,
          List.of()),
      builtIn("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true, List.of("hpa"), true,
          List.of()),
      // RBAC objects are stored, never enforced: deploy/ applies its least-privilege rules here in tests
      builtIn("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false, List.of(), false, List.of()),
      builtIn("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false, List.of(), false,
          List.of(PrinterColumn.of("Role", ".roleRef.name"))),
      builtIn("rbac.authorization.k8s.io", "v1", "Role", "roles", true, List.of(), false, List.of()),
      builtIn("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true, List.of(), false,
          List.of(PrinterColumn.of("Role", ".roleRef.name"))));

  private static ResourceType core(String kind, String plural, boolean namespaced, List<String> shortNames,
      boolean status, List<PrinterColumn> columns) {
    return builtIn("", "v1", kind, plural, namespaced, shortNames, status, columns);
  }

  private static ResourceType builtIn(String group, String version, String kind, String plural, boolean namespaced,
      List<String> shortNames, boolean status, List<PrinterColumn> columns) {
    return new ResourceType(group, version, kind, plural, kind.toLowerCase(java.util.Locale.ROOT), namespaced,
        shortNames, List.of(), status, null, columns, false);
  }
}
