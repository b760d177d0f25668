package dev.portico.operator.resolve;

/** A namespaced object's identity; prints as {@code namespace/name}, the form every status message uses. */
public record ObjectRef(String namespace, String name) implements Comparable<ObjectRef> {

    public static ObjectRef of(io.fabric8.kubernetes.api.model.HasMetadata object) {
        return new ObjectRef(object.getMetadata().getNamespace(), object.getMetadata().getName());
    }

    /** By namespace, then name. Written out: sorted maps of thousands of routes compare on every lookup. */
    @Override
    public int compareTo(ObjectRef other) {
        int byNamespace = namespace.compareTo(other.namespace);
        return byNamespace != 0 ? byNamespace : name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
