package dev.portico.api.v1alpha1;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the tests find the generated and the committed CRDs (set by surefire, with IDE fallbacks). */
final class CrdFiles {

    private CrdFiles() {
    }

    static Path generatedDir() {
        return Path.of(System.getProperty("portico.crds.generated", "target/classes/META-INF/fabric8"));
    }

    static Path committedDir() {
        return Path.of(System.getProperty("portico.crds.committed", "."));
    }

    static List<String> yamlNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yml") || n.endsWith(".yaml"))
                    .sorted()
                    .toList();
        }
    }
}
