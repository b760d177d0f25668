package dev.portico.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Puts the CRDs and the demo shop into the API the way a user would: the manifests of {@code crds/} and
 * {@code examples/shop} (shipped in this jar).
 */
final class ShopManifests {
    private static final String EXAMPLES = "portico/examples/shop";
    private static final String CRDS = "portico/crds";

    private ShopManifests() {
    }

    /** Installs the two Portico CRDs that {@code kubectl apply -f crds/} would. */
    static void installCrds(KubernetesClient client) {
        applyAll(client, CRDS);
    }

    /** Applies {@code examples/shop}; {@link DemoEndpoints} then finds the replicas its Services select. */
    static void installShop(KubernetesClient client) {
        applyAll(client, EXAMPLES);
    }

    /** Applies every YAML file of a packaged folder, in file-name order (namespaces first by naming). */
    private static void applyAll(KubernetesClient client, String folder) {
        withFolder(folder, dir -> {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.toString().matches(".*\\.ya?ml")).sorted().toList()) {
                    try (InputStream in = Files.newInputStream(file)) {
                        List<HasMetadata> items = client.load(in).items();
                        for (HasMetadata item : items) {
                            client.resource(asApplied(item)).createOr(NonDeletingOperation::update);
                        }
                    }
                }
            }
        });
    }

    /**
     * The object with the annotation {@code kubectl apply} leaves, holding the applied manifest: so a user's own
     * {@code kubectl apply -f examples/shop/} later merges with it quietly instead of warning about every object.
     */
    static HasMetadata asApplied(HasMetadata item) {
        String manifest = io.fabric8.kubernetes.client.utils.Serialization.asJson(item);
        Map<String, String> annotations = new java.util.LinkedHashMap<>();
        if (item.getMetadata().getAnnotations() != null) {
            annotations.putAll(item.getMetadata().getAnnotations());
        }
        annotations.put(LAST_APPLIED, manifest);
        item.getMetadata().setAnnotations(annotations);
        return item;
    }

    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    private interface FolderAction {
        void run(Path dir) throws IOException;
    }

    /** Opens a classpath folder whether it lies in a jar or in target/classes. */
    private static void withFolder(String folder, FolderAction action) {
        try {
            var url = ShopManifests.class.getClassLoader().getResource(folder);
            if (url == null) {
                throw new IllegalStateException(folder + " is missing from the class path: rebuild the sandbox module");
            }
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    action.run(jar.getPath(folder));
                }
            } else {
                action.run(Path.of(uri));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + folder, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
