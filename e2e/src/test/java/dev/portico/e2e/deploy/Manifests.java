package dev.portico.e2e.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Rendered manifests (kustomize or Helm output) read into Fabric8's typed Kubernetes objects. */
record Manifests(String source, List<HasMetadata> objects) {
    private static final Map<String, Manifests> KUSTOMIZED = new ConcurrentHashMap<>();
    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    /**
     * Parses every YAML document into its typed model class; a kind Fabric8 does not know, a field
     * its model does not have, or a document without apiVersion/kind/name fails with the source named.
     */
    static Manifests parse(String source, String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        List<String> documents = documents(yaml);
        for (int i = 0; i < documents.size(); i++) {
            String document = documents.get(i);
            Object parsed;
            try {
                parsed = Serialization.unmarshal(document);
            } catch (RuntimeException e) {
                throw new AssertionError(source + ", document " + (i + 1) + " is not a Kubernetes object: "
                        + e.getMessage() + "\n" + document, e);
            }
            if (!(parsed instanceof HasMetadata object) || parsed instanceof GenericKubernetesResource) {
                throw new AssertionError(source + ", document " + (i + 1) + " is not a known Kubernetes kind:\n" + document);
            }
            String where = source + " " + object.getKind() + "/" + object.getMetadata().getName();
            if (object.getMetadata().getName() == null || object.getMetadata().getName().isBlank()) {
                throw new AssertionError(source + ", document " + (i + 1) + " has no metadata.name:\n" + document);
            }
            StrictModel.requireNoUnknownFields(where, object);
            objects.add(object);
        }
        return new Manifests(source, List.copyOf(objects));
    }

    /** The YAML documents of a multi-document stream, without empty or comment-only ones. */
    static List<String> documents(String yaml) {
        return DOCUMENT_SEPARATOR.splitAsStream(yaml)
                .filter(d -> !d.lines().allMatch(line -> line.isBlank() || line.stripLeading().startsWith("#")))
                .toList();
    }

    /** {@code kubectl kustomize <dir>}, parsed; rendered once per test JVM, since the files do not change. */
    static Manifests kustomize(String dir) {
        return KUSTOMIZED.computeIfAbsent(dir, d -> parse("kubectl kustomize " + d, Kubectl.kustomize(d)));
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError(
                source + " has no " + type.getSimpleName() + " named " + name + "; it has " + names()));
    }

    List<String> names() {
        return objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
    }
}
