package dev.portico.operator.resolve;

import java.util.Comparator;

/** A namespaced object's identity; prints as {@code namespace/name}, the form every status message uses. */
public record ObjectRef(String namespace, String name) implements Comparable<ObjectRef> {

    private static final Comparator<ObjectRef> ORDER =
            Comparator.comparing(ObjectRef::namespace).thenComparing(ObjectRef::name);

    public static ObjectRef of(io.fabric8.kubernetes.api.model.HasMetadata object) {
        return new ObjectRef(object.getMetadata().getNamespace(), object.getMetadata().getName());
    }

    @Override
    public int compareTo(ObjectRef other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
