package dev.portico.operator.translate;

import dev.portico.operator.resolve.KubernetesObjects;
import dev.portico.operator.resolve.ObjectRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden files: {@code in-<case>.yaml} (Kubernetes objects) → {@code out-<case>.yaml} (snapshots and
 * status facts). Regenerate every output with {@code -Dportico.golden.update=true}, then read the diff.
 * Routes and policies annotated {@code portico.dev/golden: earlier} are a world translated first, whose
 * accepted generations the translation of the others can fall back on.
 */
class TranslateGoldenTest {

    static final Path DIR = Path.of("src/test/resources/translate");
    static final boolean UPDATE = Boolean.getBoolean("portico.golden.update");

    static Stream<String> cases() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("in-") && n.endsWith(".yaml"))
                    .map(n -> n.substring("in-".length(), n.length() - ".yaml".length()))
                    .sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void translatesAsRecorded(String name) throws IOException {
        var objects = ManifestFile.read(DIR.resolve("in-" + name + ".yaml"));
        String actual = TranslationYaml.render(translate(objects));
        Path out = DIR.resolve("out-" + name + ".yaml");
        if (UPDATE) {
            Files.writeString(out, actual, StandardCharsets.UTF_8);
        }
        assertThat(out).as("golden file %s (regenerate with -Dportico.golden.update=true)", out).exists();
        assertThat(actual).as("translation of in-%s.yaml", name).isEqualTo(Files.readString(out, StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void translationDoesNotDependOnInputOrder(String name) throws IOException {
        var objects = ManifestFile.read(DIR.resolve("in-" + name + ".yaml"));
        var reversed = new dev.portico.operator.resolve.KubernetesObjects(reverse(objects.routes()),
                reverse(objects.policies()), reverse(objects.services()), reverse(objects.endpointSlices()),
                reverse(objects.secrets()));
        assertThat(translate(reversed)).isEqualTo(translate(objects));
    }

    /** The world now, translated after the earlier one (if any) filled the last-accepted store. */
    static Translation translate(KubernetesObjects objects) {
        LastAccepted lastAccepted = new LastAccepted();
        KubernetesObjects earlier = new KubernetesObjects(only(objects.routes(), true), only(objects.policies(), true),
                objects.services(), objects.endpointSlices(), objects.secrets());
        Translation before = Translator.translate(earlier, lastAccepted);
        lastAccepted.remember(before, byRef(earlier.routes()), byRef(earlier.policies()));
        return Translator.translate(new KubernetesObjects(only(objects.routes(), false),
                only(objects.policies(), false), objects.services(), objects.endpointSlices(), objects.secrets()),
                lastAccepted);
    }

    private static <T extends HasMetadata> List<T> only(List<T> objects, boolean earlier) {
        return objects.stream().filter(o -> earlier == "earlier".equals(
                o.getMetadata().getAnnotations() == null ? null : o.getMetadata().getAnnotations().get("portico.dev/golden")))
                .toList();
    }

    private static <T extends HasMetadata> Function<ObjectRef, T> byRef(List<T> objects) {
        return ref -> objects.stream().filter(o -> ObjectRef.of(o).equals(ref)).findFirst().orElse(null);
    }

    private static <T> java.util.List<T> reverse(java.util.List<T> list) {
        var copy = new java.util.ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }
}
