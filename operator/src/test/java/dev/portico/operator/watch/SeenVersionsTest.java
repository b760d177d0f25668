package dev.portico.operator.watch;

import dev.portico.operator.resolve.KubernetesObjects;
import dev.portico.operator.resolve.ObjectRef;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SeenVersionsTest {
    private static final ObjectRef SHOP = new ObjectRef("ns", "shop");
    private static final ObjectRef USERS = new ObjectRef("ns", "users");
    private static final ObjectRef KEYS = new ObjectRef("ns", "keys");

    @Test
    void anAnnouncedServiceTheLastTranslationReadAsItIsNowIsNoNews() {
        SeenVersions seen = new SeenVersions();
        seen.remember(List.of(service("shop", "1"), service("users", "1")), List.of(), List.of(secret("keys", "1")));

        AffectedRoutes.Changes changes = seen.addUnannounced(announced(Set.of(SHOP, USERS), Set.of(KEYS)),
                world(List.of(service("shop", "1"), service("users", "2")), List.of(), List.of(secret("keys", "1"))));

        assertThat(changes.services()).containsExactly(USERS);
        assertThat(changes.secrets()).isEmpty();
    }

    @Test
    void deletedAndUnannouncedChangesAreNews() {
        SeenVersions seen = new SeenVersions();
        seen.remember(List.of(service("shop", "1"), service("users", "1")), List.of(slice("users-a", "users", "1")),
                List.of(secret("keys", "1")));

        AffectedRoutes.Changes changes = seen.addUnannounced(announced(Set.of(SHOP), Set.of()),
                world(List.of(service("users", "1")), List.of(slice("users-a", "users", "2")), List.of()));

        assertThat(changes.services()).containsExactlyInAnyOrder(SHOP, USERS); // gone; its slice moved
        assertThat(changes.secrets()).containsExactly(KEYS); // gone without an event yet
    }

    private static AffectedRoutes.Changes announced(Set<ObjectRef> services, Set<ObjectRef> secrets) {
        return new AffectedRoutes.Changes(Set.of(), Set.of(), services, secrets);
    }

    private static KubernetesObjects world(List<Service> services, List<EndpointSlice> slices, List<Secret> secrets) {
        return new KubernetesObjects(List.of(), List.of(), services, slices, secrets);
    }

    private static Service service(String name, String version) {
        return new ServiceBuilder().withNewMetadata().withNamespace("ns").withName(name).withResourceVersion(version)
                .endMetadata().build();
    }

    private static EndpointSlice slice(String name, String service, String version) {
        return new EndpointSliceBuilder().withNewMetadata().withNamespace("ns").withName(name)
                .withResourceVersion(version).addToLabels("kubernetes.io/service-name", service).endMetadata()
                .withAddressType("IPv4").build();
    }

    private static Secret secret(String name, String version) {
        return new SecretBuilder().withNewMetadata().withNamespace("ns").withName(name).withResourceVersion(version)
                .endMetadata().build();
    }
}
