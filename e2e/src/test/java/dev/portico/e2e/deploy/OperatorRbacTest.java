package dev.portico.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.operator.ops.ApiPermissions;
import dev.portico.operator.ops.ApiPermissions.Permission;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The operator's RBAC grants exactly what it calls ({@link ApiPermissions#REQUIRED}): a missing grant
 * breaks it in a real cluster, an extra one is privilege nobody needs.
 */
class OperatorRbacTest {
    // Leases are held in the operator's own namespace; everything else is read or written cluster-wide.
    private static final Predicate<Permission> NAMESPACED = p -> p.apiGroup().equals("coordination.k8s.io");

    static Stream<Manifests> installs() {
        return Stream.of(Manifests.kustomize("deploy/kustomize/base"), PorticoChart.render());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("installs")
    void clusterRoleGrantsExactlyTheClusterWidePermissionsTheOperatorUses(Manifests install) {
        List<PolicyRule> rules = operatorRules(install, false);
        assertThat(RbacGrants.of(rules))
                .containsExactlyElementsOf(RbacGrants.of(ApiPermissions.REQUIRED.stream().filter(NAMESPACED.negate())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("installs")
    void leaseRoleIsNamespacedToTheOperator(Manifests install) {
        List<PolicyRule> rules = operatorRules(install, true);
        assertThat(RbacGrants.of(rules))
                .containsExactlyElementsOf(RbacGrants.of(ApiPermissions.REQUIRED.stream().filter(NAMESPACED)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("installs")
    void noRuleUsesWildcardsNamesOrUrls(Manifests install) {
        List<PolicyRule> all = new ArrayList<>();
        install.all(ClusterRole.class).forEach(r -> all.addAll(r.getRules()));
        install.all(Role.class).forEach(r -> all.addAll(r.getRules()));
        assertThat(RbacGrants.broadeners(all)).isEmpty();
        assertThat(install.all(ClusterRole.class)).allSatisfy(r -> assertThat(r.getAggregationRule()).isNull());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("installs")
    void onlyTheOperatorsServiceAccountIsBound(Manifests install) {
        Deployment operator = install.get(Deployment.class, "portico-operator");
        String account = operator.getSpec().getTemplate().getSpec().getServiceAccountName();
        String namespace = operator.getMetadata().getNamespace();
        List<Subject> subjects = new ArrayList<>();
        install.all(ClusterRoleBinding.class).forEach(b -> subjects.addAll(b.getSubjects()));
        install.all(RoleBinding.class).forEach(b -> subjects.addAll(b.getSubjects()));
        assertThat(subjects).isNotEmpty().allSatisfy(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getName()).isEqualTo(account);
            assertThat(s.getNamespace()).isEqualTo(namespace);
        });
        Deployment dataplane = install.get(Deployment.class, "portico-dataplane");
        assertThat(dataplane.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isFalse();
    }

    /** The rules reachable from the operator's ServiceAccount through its (Cluster)RoleBindings. */
    private static List<PolicyRule> operatorRules(Manifests install, boolean namespaced) {
        Deployment operator = install.get(Deployment.class, "portico-operator");
        String account = operator.getSpec().getTemplate().getSpec().getServiceAccountName();
        String namespace = operator.getMetadata().getNamespace();
        Predicate<List<Subject>> bindsOperator = subjects -> subjects.stream().anyMatch(s ->
                s.getKind().equals("ServiceAccount") && s.getName().equals(account) && namespace.equals(s.getNamespace()));
        List<PolicyRule> rules = new ArrayList<>();
        if (namespaced) {
            for (RoleBinding binding : install.all(RoleBinding.class)) {
                if (bindsOperator.test(binding.getSubjects())) {
                    assertThat(binding.getMetadata().getNamespace()).isEqualTo(namespace);
                    assertThat(binding.getRoleRef().getKind()).as("RoleBinding roleRef kind").isEqualTo("Role");
                    Role role = install.get(Role.class, binding.getRoleRef().getName());
                    assertThat(role.getMetadata().getNamespace()).isEqualTo(namespace);
                    rules.addAll(role.getRules());
                }
            }
        } else {
            for (ClusterRoleBinding binding : install.all(ClusterRoleBinding.class)) {
                if (bindsOperator.test(binding.getSubjects())) {
                    rules.addAll(install.get(ClusterRole.class, binding.getRoleRef().getName()).getRules());
                }
            }
        }
        assertThat(rules).as("rules bound to ServiceAccount %s/%s", namespace, account).isNotEmpty();
        return rules;
    }

}
