package dev.portico.api.v1alpha1;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        return inDeclaredColumnOrder(YAML11_KEY.matcher(generatedYaml).replaceAll("$1\"$2\":"));
    }

    private static final String COLUMNS = "  - additionalPrinterColumns:\n";
    private static final Pattern COLUMN_NAME = Pattern.compile("\n\\s+name: \"([^\"]+)\"");

    /**
     * The generator sorts printer columns by JSON path; kubectl shows them in CRD order, and the API
     * contract fixes that order, so the columns go back to the order they are declared on the type.
     */
    static String inDeclaredColumnOrder(String yaml) {
        int start = yaml.indexOf(COLUMNS);
        if (start < 0) {
            return yaml;
        }
        int from = start + COLUMNS.length();
        int end = from;
        while (end < yaml.length() && (yaml.startsWith("    - ", end) || yaml.startsWith("      ", end))) {
            end = yaml.indexOf('\n', end) + 1;
        }
        Map<String, String> byName = new LinkedHashMap<>();
        for (String entry : yaml.substring(from, end).split("(?m)(?=^    - )", -1)) {
            if (entry.isEmpty()) {
                continue;
            }
            java.util.regex.Matcher name = COLUMN_NAME.matcher("\n" + entry);
            if (!name.find()) {
                throw new IllegalStateException("printer column without a name: " + entry);
            }
            byName.put(name.group(1), entry);
        }
        List<String> declared = Stream.of(GatewayRoute.class, RateLimitPolicy.class)
                .map(type -> Arrays.stream(type.getAnnotationsByType(AdditionalPrinterColumn.class))
                        .map(AdditionalPrinterColumn::name).toList())
                .filter(names -> Set.copyOf(names).equals(byName.keySet()))
                .findFirst().orElseThrow(() -> new IllegalStateException("no type declares columns " + byName.keySet()));
        StringBuilder ordered = new StringBuilder(yaml.substring(0, from));
        declared.forEach(n -> ordered.append(byName.get(n)));
        return ordered.append(yaml.substring(end)).toString();
    }
}
