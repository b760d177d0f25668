package dev.portico.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KustomizeBaseTest {
    private static Manifests base;

    @BeforeAll
    static void render() {
        base = Manifests.kustomize("deploy/kustomize/base");
    }

    @Test
    void baseHoldsEveryObjectAClusterInstallNeeds() {
        base.get(Namespace.class, "portico-system");
        base.get(ServiceAccount.class, "portico-operator");
        base.get(ServiceAccount.class, "portico-dataplane");
        base.get(ClusterRole.class, "portico-operator");
        base.get(ClusterRoleBinding.class, "portico-operator");
        base.get(Role.class, "portico-operator-leader-election");
        base.get(RoleBinding.class, "portico-operator-leader-election");
        base.get(Secret.class, "portico-stream-token");
        base.get(Deployment.class, "portico-operator");
        base.get(Deployment.class, "portico-dataplane");
        base.get(Service.class, "portico-operator");
        base.get(Service.class, "portico-gateway");
        base.get(PodDisruptionBudget.class, "portico-dataplane");
        assertThat(base.all(CustomResourceDefinition.class)).extracting(crd -> crd.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(CrdCopies.repositoryCrdNames());
    }

    @Test
    void everyNamespacedObjectLivesInPorticoSystem() {
        for (HasMetadata object : base.objects()) {
            boolean clusterScoped = object instanceof Namespace || object instanceof CustomResourceDefinition
                    || object instanceof ClusterRole || object instanceof ClusterRoleBinding;
            assertThat(object.getMetadata().getNamespace())
                    .as("namespace of %s/%s", object.getKind(), object.getMetadata().getName())
                    .isEqualTo(clusterScoped ? null : "portico-system");
        }
    }

    @Test
    void bothComponentsRunTwoReplicasSpreadAcrossNodes() {
        for (String name : List.of("portico-operator", "portico-dataplane")) {
            Deployment deployment = base.get(Deployment.class, name);
            assertThat(deployment.getSpec().getReplicas()).as(name + " replicas").isEqualTo(2);
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            assertThat(pod.getTopologySpreadConstraints()).as(name + " topology spread")
                    .anySatisfy(c -> assertThat(c.getTopologyKey()).isEqualTo("kubernetes.io/hostname"));
            assertThat(pod.getTopologySpreadConstraints()).allSatisfy(c -> assertThat(c.getLabelSelector().getMatchLabels())
                    .isEqualTo(deployment.getSpec().getSelector().getMatchLabels()));
        }
    }

    @Test
    void dataPlaneDrainsBeforeItStopsAndKeepsOnePodThroughDisruptions() {
        Deployment dataplane = base.get(Deployment.class, "portico-dataplane");
        PodSpec pod = dataplane.getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);
        List<String> preStop = container.getLifecycle().getPreStop().getExec().getCommand();
        assertThat(preStop).first().isEqualTo("sleep");
        long drainSeconds = Long.parseLong(preStop.get(1));
        assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThan(drainSeconds + 10);
        assertThat(dataplane.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();

        PodDisruptionBudget pdb = base.get(PodDisruptionBudget.class, "portico-dataplane");
        assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
        assertThat(pdb.getSpec().getSelector().getMatchLabels()).isEqualTo(dataplane.getSpec().getSelector().getMatchLabels());
    }

    @Test
    void containersRunAsNonRootOnAReadOnlyRootWithLimitsAndScrapeAnnotations() {
        for (Deployment deployment : base.all(Deployment.class)) {
            String name = deployment.getMetadata().getName();
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name).isTrue();
            for (Container container : pod.getContainers()) {
                assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).as(name).isTrue();
                assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).as(name).isFalse();
                assertThat(container.getSecurityContext().getCapabilities().getDrop()).as(name).containsExactly("ALL");
                assertThat(container.getResources().getRequests()).as(name).containsKeys("cpu", "memory");
                assertThat(container.getResources().getLimits()).as(name).containsKeys("cpu", "memory");
            }
            Map<String, String> annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
            assertThat(annotations).as(name).containsEntry("prometheus.io/scrape", "true")
                    .containsEntry("prometheus.io/path", "/metrics").containsKey("prometheus.io/port");
        }
    }

    @Test
    void devOverlayAddsRedisAndAClusterIpGateway() {
        Manifests dev = Manifests.kustomize("deploy/kustomize/overlays/dev");
        Service gateway = dev.get(Service.class, "portico-gateway");
        assertThat(gateway.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(gateway.getSpec().getExternalTrafficPolicy()).isNull();
        Service redis = dev.get(Service.class, "portico-redis");
        List<String> args = dev.get(Deployment.class, "portico-dataplane").getSpec().getTemplate().getSpec()
                .getContainers().get(0).getArgs();
        assertThat(args).containsSubsequence("--redis", "redis://portico-redis.portico-system.svc:"
                + redis.getSpec().getPorts().get(0).getPort());
        dev.get(Deployment.class, "portico-redis");
    }
}
