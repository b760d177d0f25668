package dev.portico.api.v1alpha1;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Where the tests find the generated and the committed CRDs (set by surefire, with IDE fallbacks). */
final class CrdFiles {

    /** A whole line holding only a mapping key that YAML 1.1 (kubectl) would read as a boolean or null. */
    private static final Pattern YAML11_KEY = Pattern.compile(
            "^(\\s*)(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"
                    + "|null|Null|NULL|~):$",
            Pattern.MULTILINE);

    private CrdFiles() {
    }

    static Path generatedDir() {
        return Path.of(System.getProperty("portico.crds.generated", "target/classes/META-INF/fabric8"));
    }

    static Path committedDir() {
        return Path.of(System.getProperty("portico.crds.committed", "."));
    }

    static boolean updateRequested() {
        return Boolean.parseBoolean(System.getProperty("portico.crds.update", "false"));
    }

    static List<String> yamlNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yml") || n.endsWith(".yaml"))
                    .sorted()
                    .toList();
        }
    }

    /**
     * The generator's YAML with keys such as {@code on} quoted. The generator writes YAML 1.2, where
     * {@code on:} is a string key; kubectl reads YAML 1.1 and would turn it into {@code "true"}.
     */
    static String forKubectl(String generatedYaml) {
        return YAML11_KEY.matcher(generatedYaml).replaceAll("$1\"$2\":");
    }
}
