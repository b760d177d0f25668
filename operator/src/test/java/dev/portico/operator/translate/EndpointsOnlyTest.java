package dev.portico.operator.translate;

import dev.portico.operator.resolve.KubernetesObjects;
import dev.portico.operator.resolve.ObjectRef;
import dev.portico.operator.resolve.ReferenceResolver;
import dev.portico.snapshot.Cluster;
import dev.portico.snapshot.Endpoint;
import dev.portico.snapshot.Snapshot;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class EndpointsOnlyTest {

    private final KubernetesObjects objects = ManifestFile.read(TranslateGoldenTest.DIR.resolve("in-weights.yaml"));
    private final Translation before = Translator.translate(ReferenceResolver.resolve(objects));
    private static final ObjectRef USER_SERVICE = new ObjectRef("shop", "user-service");

    EndpointsOnlyTest() throws IOException {
    }

    @Test
    void aNewReadyEndpointChangesOnlyItsClusterAndTheReadyCount() {
        List<EndpointSlice> slices = new ArrayList<>(objects.endpointSlices());
        EndpointSlice userSlice = slices.stream().filter(s -> s.getMetadata().getName().equals("user-service-abc"))
                .findFirst().orElseThrow();
        slices.remove(userSlice);
        EndpointSlice grown = new io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder(userSlice)
                .addNewEndpoint().withAddresses("10.0.0.9").endEndpoint().build();
        slices.add(grown);

        EndpointsOnly.Change change = EndpointsOnly.apply(before, Set.of(USER_SERVICE), objects.services(), slices);

        assertThat(change.changedClusters()).containsOnlyKeys("default");
        assertThat(change.changedClusters().get("default")).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("shop/user-service:8080");
            assertThat(c.endpoints()).extracting(Endpoint::address).containsExactly("10.0.0.1", "10.0.0.2", "10.0.0.9");
        });
        assertThat(change.refsChanged()).isFalse();
        assertThat(change.next()).isEqualTo(fullTranslation(objects.services(), slices));
        Snapshot old = before.snapshotFor("default");
        assertThat(old.diff(change.next().snapshotFor("default")).routes()).isEmpty();
    }

    @Test
    void aDeletedServiceTurnsItsClusterIntoA500AndAsksForAFullTranslation() {
        List<Service> services = objects.services().stream()
                .filter(s -> !s.getMetadata().getName().equals("user-service")).toList();

        EndpointsOnly.Change change = EndpointsOnly.apply(before, Set.of(USER_SERVICE), services, objects.endpointSlices());

        Cluster gone = change.changedClusters().get("default").get(0);
        assertThat(gone.serviceExists()).isFalse();
        assertThat(gone.endpoints()).isEmpty();
        assertThat(change.refsChanged()).isTrue();
        assertThat(change.next().snapshots()).isEqualTo(fullTranslation(services, objects.endpointSlices()).snapshots());
    }

    @Test
    void anUnrelatedServiceChangesNothing() {
        EndpointsOnly.Change change = EndpointsOnly.apply(before, Set.of(new ObjectRef("shop", "unrelated")),
                objects.services(), objects.endpointSlices());

        assertThat(change.isEmpty()).isTrue();
        assertThat(change.next()).isEqualTo(before);
    }

    private Translation fullTranslation(List<Service> services, List<EndpointSlice> slices) {
        return Translator.translate(ReferenceResolver.resolve(new KubernetesObjects(objects.routes(), objects.policies(),
                services, slices, objects.secrets())));
    }
}
