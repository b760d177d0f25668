package dev.portico.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

import java.util.Objects;

/**
 * Source of a JWK set: exactly one of {@code secretRef} or {@code uri} (the operator checks which).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = SchemaOverlay.class,
        input = "{\"oneOf\":[{\"required\":[\"secretRef\"]},{\"required\":[\"uri\"]}]}")
public class JwksSource {

    @JsonPropertyDescription("A key of a Secret in the route's namespace that holds the JWK set as JSON.")
    private SecretKeySelector secretRef;

    @JsonPropertyDescription("An http(s) URI serving the JWK set.")
    @Pattern(SchemaPatterns.HTTP_URI)
    @Size(max = 2048)
    private String uri;

    public SecretKeySelector getSecretRef() {
        return secretRef;
    }

    public void setSecretRef(SecretKeySelector secretRef) {
        this.secretRef = secretRef;
    }

    public String getUri() {
        return uri;
    }

    public void setUri(String uri) {
        this.uri = uri;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof JwksSource other)) {
            return false;
        }
        return Objects.equals(secretRef, other.secretRef)
                && Objects.equals(uri, other.uri);
    }

    @Override
    public int hashCode() {
        return Objects.hash(secretRef, uri);
    }

    @Override
    public String toString() {
        return "JwksSource{" + "secretRef=" + secretRef
                + ", uri=" + uri + "}";
    }
}
