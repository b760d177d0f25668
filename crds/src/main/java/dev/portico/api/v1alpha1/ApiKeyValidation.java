package dev.portico.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

import java.util.Objects;

/**
 * How a route checks API keys: each data key of the Secret is a client id, its value the key.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApiKeyValidation {

    @JsonPropertyDescription("Where the key is read from: Header or Query. Default Header.")
    @Default("Header")
    private ApiKeyLocation in;

    @JsonPropertyDescription("Name of the header or query parameter that carries the key. Default X-Api-Key.")
    @Pattern(SchemaPatterns.HEADER_NAME)
    @Size(max = 256)
    @Default("X-Api-Key")
    private String name;

    @JsonPropertyDescription("Secret whose data keys are client ids and whose values are their API keys.")
    @Required
    private SecretReference secretRef;

    public ApiKeyLocation getIn() {
        return in;
    }

    public void setIn(ApiKeyLocation in) {
        this.in = in;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public SecretReference getSecretRef() {
        return secretRef;
    }

    public void setSecretRef(SecretReference secretRef) {
        this.secretRef = secretRef;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ApiKeyValidation other)) {
            return false;
        }
        return Objects.equals(in, other.in)
                && Objects.equals(name, other.name)
                && Objects.equals(secretRef, other.secretRef);
    }

    @Override
    public int hashCode() {
        return Objects.hash(in, name, secretRef);
    }

    @Override
    public String toString() {
        return "ApiKeyValidation{" + "in=" + in
                + ", name=" + name
                + ", secretRef=" + secretRef + "}";
    }
}
