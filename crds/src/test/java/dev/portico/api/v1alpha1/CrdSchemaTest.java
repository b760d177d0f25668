package dev.portico.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Example manifests against the committed CRDs' schemas, with a real JSON Schema validator:
 * every file in {@code valid/} passes; every file in {@code invalid/} fails, and one error
 * names the field given on its first line ({@code # field: spec.rules[0].timeout}).
 */
class CrdSchemaTest {

    private static CrdSchemas schemas;

    @BeforeAll
    static void loadSchemas() throws IOException {
        schemas = CrdSchemas.loadCommitted();
    }

    static Stream<String> validManifests() throws IOException, URISyntaxException {
        return manifests("valid");
    }

    static Stream<String> invalidManifests() throws IOException, URISyntaxException {
        return manifests("invalid");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validManifests")
    void validManifestPassesTheSchema(String file) throws Exception {
        List<Error> errors = schemas.validate(CrdSchemas.YAML.readTree(read("valid", file)));

        assertThat(errors).as("schema errors of valid/%s", file).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidManifests")
    void invalidManifestIsRejectedNamingTheField(String file) throws Exception {
        String text = read("invalid", file);
        String field = expectedField(file, text);

        List<Error> errors = schemas.validate(CrdSchemas.YAML.readTree(text));

        assertThat(errors).as("invalid/%s must fail", file).isNotEmpty();
        assertThat(errors)
                .as("invalid/%s: an error must name %s; got %s", file, field, errors)
                .anySatisfy(error -> {
                    assertThat(CrdSchemas.fieldPath(error)).isEqualTo(field);
                    assertThat(error.toString()).contains(leafName(field));
                });
    }

    @Test
    void everyRequiredKindOfMistakeHasAnInvalidExample() throws Exception {
        assertThat(invalidManifests().count()).isGreaterThanOrEqualTo(12);
        assertThat(validManifests()).contains("gatewayroute-full.yaml", "gatewayroute-minimal.yaml",
                "gatewayroute-aggregate.yaml", "ratelimitpolicy.yaml");
    }

    private static String expectedField(String file, String text) {
        String first = text.lines().findFirst().orElse("");
        assertThat(first).as("first line of invalid/%s", file).startsWith("# field: ");
        return first.substring("# field: ".length()).trim();
    }

    /** The last name in a dotted path, without an index: {@code spec.rules[0]} gives {@code rules}. */
    private static String leafName(String field) {
        String last = field.substring(field.lastIndexOf('.') + 1);
        return last.replaceAll("\\[\\d+]", "");
    }

    private static Stream<String> manifests(String dir) throws IOException, URISyntaxException {
        Path path = Path.of(Objects.requireNonNull(CrdSchemaTest.class.getResource("/" + dir)).toURI());
        try (Stream<Path> files = Files.list(path)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList()
                    .stream();
        }
    }

    private static String read(String dir, String file) throws IOException, URISyntaxException {
        return Files.readString(Path.of(Objects.requireNonNull(CrdSchemaTest.class.getResource("/" + dir + "/" + file))
                .toURI()));
    }
}
