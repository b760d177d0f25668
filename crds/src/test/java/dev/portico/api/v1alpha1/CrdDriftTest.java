package dev.portico.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The CRD YAML committed at the top of {@code crds/} must be what the CRD generator made from the
 * Java types in this build (with YAML 1.1 keys such as {@code on} quoted for kubectl), so
 * {@code kubectl apply -f crds/} installs the real API. Runs first: in update mode it rewrites
 * the committed files before the schema tests read them.
 */
@Order(1)
class CrdDriftTest {

    static final String REFRESH = "./mvnw -B -o -pl crds verify -Dportico.crds.update=true";

    @Test
    void committedCrdsAreTheOnesGeneratedFromTheJavaTypes() throws IOException {
        Path generated = CrdFiles.generatedDir();
        Path committed = CrdFiles.committedDir();
        List<String> generatedNames = CrdFiles.yamlNames(generated);
        assertThat(generatedNames)
                .as("CRDs generated into %s", generated)
                .containsExactlyInAnyOrder("gatewayroutes.portico.dev-v1.yml", "ratelimitpolicies.portico.dev-v1.yml");
        if (CrdFiles.updateRequested()) {
            for (String name : generatedNames) {
                Files.writeString(committed.resolve(name),
                        CrdFiles.forKubectl(Files.readString(generated.resolve(name))));
            }
        }
        assertThat(CrdFiles.yamlNames(committed))
                .as("crds/ must hold exactly the generated CRD files; refresh with: %s", REFRESH)
                .containsExactlyInAnyOrderElementsOf(generatedNames);
        for (String name : generatedNames) {
            String fresh = CrdFiles.forKubectl(Files.readString(generated.resolve(name)));
            String kept = Files.readString(committed.resolve(name));
            assertThat(kept)
                    .as("crds/%s differs from the CRD generated from dev.portico.api.v1alpha1; "
                            + "refresh it with: %s", name, REFRESH)
                    .isEqualTo(fresh);
        }
    }

    @Test
    void eachCrdNamesItsGroupNamesSubresourceAndPrinterColumns() throws IOException {
        String route = Files.readString(CrdFiles.committedDir().resolve("gatewayroutes.portico.dev-v1.yml"));
        assertThat(route).contains("group: \"portico.dev\"", "kind: \"GatewayRoute\"", "plural: \"gatewayroutes\"",
                "- \"gr\"", "- \"portico\"", "scope: \"Namespaced\"", "name: \"v1alpha1\"", "status: {}",
                "name: \"HOSTS\"", "name: \"ACCEPTED\"", "name: \"PROGRAMMED\"", "name: \"DATAPLANES\"",
                "name: \"AGE\"");
        String policy = Files.readString(CrdFiles.committedDir().resolve("ratelimitpolicies.portico.dev-v1.yml"));
        assertThat(policy).contains("group: \"portico.dev\"", "kind: \"RateLimitPolicy\"",
                "plural: \"ratelimitpolicies\"", "- \"rlp\"", "- \"portico\"", "scope: \"Namespaced\"", "status: {}",
                "name: \"TARGETS\"", "name: \"SCOPE\"", "name: \"ACCEPTED\"", "name: \"PROGRAMMED\"", "name: \"AGE\"");
        // the contract's columns in its order; RESOLVED (ResolvedRefs) is an addition shown only with -o wide
        assertThat(columnNames(route)).containsExactly("HOSTS", "ACCEPTED", "PROGRAMMED", "DATAPLANES", "RESOLVED",
                "AGE");
        assertThat(columnNames(policy)).containsExactly("TARGETS", "SCOPE", "ACCEPTED", "PROGRAMMED", "RESOLVED",
                "AGE");
        assertThat(route).containsOnlyOnce("priority: 1");
        assertThat(policy).containsOnlyOnce("priority: 1");
        assertThat(Stream.of(route, policy)).noneMatch(crd -> crd.contains("x-kubernetes-preserve-unknown-fields"));
    }

    @Test
    void yaml11BooleanKeysAreQuotedAndNothingElseChanges() {
        String generated = "properties:\n  on:\n    description: \"on: stays\"\n  'true':\n  ontology:\n  - no:\n";

        assertThat(CrdFiles.forKubectl(generated))
                .isEqualTo("properties:\n  \"on\":\n    description: \"on: stays\"\n  'true':\n  ontology:\n  - no:\n");
    }

    private static List<String> columnNames(String crd) {
        String columns = crd.substring(crd.indexOf("additionalPrinterColumns:"), crd.indexOf("\n    name: \"v1alpha1\""));
        return java.util.regex.Pattern.compile("\n\\s+name: \"([A-Z]+)\"").matcher(columns).results()
                .map(m -> m.group(1)).toList();
    }
}
