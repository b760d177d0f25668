package dev.portico.operator.translate;

import dev.portico.operator.resolve.ObjectRef;
import dev.portico.operator.resolve.ReferenceResolver;
import dev.portico.snapshot.Route;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConflictOrderTest {

    private static RouteAge age(String ns, String name, String created) {
        return new RouteAge(new ObjectRef(ns, name), created);
    }

    @Test
    void olderCreationTimestampComesFirstWhateverTheName() {
        List<RouteAge> ages = new ArrayList<>(List.of(
                age("a", "a", "2026-03-01T00:00:00Z"),
                age("z", "z", "2026-01-01T00:00:00Z")));
        ages.sort(RouteAge.OLDEST_FIRST);
        assertThat(ages).extracting(a -> a.route().toString()).containsExactly("z/z", "a/a");
    }

    @Test
    void equalTimestampsFallBackToNamespaceThenName() {
        List<RouteAge> ages = new ArrayList<>(List.of(
                age("shop", "b", "2026-01-01T00:00:00Z"),
                age("shop", "a", "2026-01-01T00:00:00Z"),
                age("alpha", "z", "2026-01-01T00:00:00Z")));
        ages.sort(RouteAge.OLDEST_FIRST);
        assertThat(ages).extracting(a -> a.route().toString()).containsExactly("alpha/z", "shop/a", "shop/b");
    }

    @Test
    void timestampsCompareAsInstantsNotAsText() {
        List<RouteAge> ages = new ArrayList<>(List.of(
                age("ns", "utc", "2026-01-01T10:00:00Z"),
                age("ns", "offset", "2026-01-01T11:30:00+02:00")));
        ages.sort(RouteAge.OLDEST_FIRST);
        assertThat(ages).extracting(a -> a.route().name()).containsExactly("offset", "utc");
    }

    @Test
    void aRouteNotYetCreatedSortsAfterEveryCreatedOne() {
        List<RouteAge> ages = new ArrayList<>(List.of(age("a", "new", null), age("z", "old", "2026-01-01T00:00:00Z")));
        ages.sort(RouteAge.OLDEST_FIRST);
        assertThat(ages).extracting(a -> a.route().name()).containsExactly("old", "new");
    }

    @Test
    void theOlderRouteKeepsTheMatchEvenWhenTheYoungerIsListedFirst() {
        String yaml = route("young", "2026-05-01T00:00:00Z") + "---\n" + route("old", "2026-04-01T00:00:00Z");
        Translation t = Translator.translate(ReferenceResolver.resolve(ManifestFile.parse(yaml)));

        assertThat(t.snapshotFor("default").routes()).extracting(Route::name).containsExactly("old");
        RouteFacts young = t.routes().get(new ObjectRef("shop", "young"));
        assertThat(young.accepted().reason()).isEqualTo("Conflict");
        assertThat(young.accepted().message()).contains("older route shop/old").startsWith("spec.rules[0]: ");
        assertThat(young.inSnapshot()).isFalse();
        assertThat(t.routes().get(new ObjectRef("shop", "old")).accepted().satisfied()).isTrue();
    }

    @Test
    void deletingTheWinnerHandsTheMatchToTheNextOldest() {
        String yaml = route("third", "2026-06-01T00:00:00Z") + "---\n" + route("second", "2026-05-01T00:00:00Z");
        Translation t = Translator.translate(ReferenceResolver.resolve(ManifestFile.parse(yaml)));

        assertThat(t.snapshotFor("default").routes()).extracting(Route::name).containsExactly("second");
        assertThat(t.routes().get(new ObjectRef("shop", "third")).accepted().message()).contains("shop/second");
    }

    @Test
    void aRouteWhoseRuleIsInvalidClaimsNothing() {
        String yaml = route("old", "2026-04-01T00:00:00Z").replace("timeout: 1s", "timeout: 1 s")
                + "---\n" + route("young", "2026-05-01T00:00:00Z");
        Translation t = Translator.translate(ReferenceResolver.resolve(ManifestFile.parse(yaml)));

        assertThat(t.snapshotFor("default").routes()).extracting(Route::name).containsExactly("young");
        assertThat(t.routes().get(new ObjectRef("shop", "old")).accepted().reason()).isEqualTo("Invalid");
        assertThat(t.routes().get(new ObjectRef("shop", "young")).accepted().satisfied()).isTrue();
    }

    @Test
    void headerNamesThatDifferOnlyInCaseClaimTheSameMatch() {
        String yaml = route("old", "2026-04-01T00:00:00Z").replace("/same}}]", "/same}, headers: [{name: X-Version, value: \"2\"}]}]")
                + "---\n" + route("young", "2026-05-01T00:00:00Z").replace("/same}}]", "/same}, headers: [{name: x-version, value: \"2\"}]}]");
        Translation t = Translator.translate(ReferenceResolver.resolve(ManifestFile.parse(yaml)));

        assertThat(t.routes().get(new ObjectRef("shop", "young")).accepted().message())
                .contains("headers [x-version]").contains("older route shop/old");
    }

    private static String route(String name, String created) {
        return """
                apiVersion: portico.dev/v1alpha1
                kind: GatewayRoute
                metadata: {name: %s, namespace: shop, creationTimestamp: "%s"}
                spec:
                  hosts: [api.shop.example]
                  rules:
                  - matches: [{path: {type: Exact, value: /same}}]
                    backends: [{service: app, port: 80}]
                    timeout: 1s
                """.formatted(name, created);
    }
}
