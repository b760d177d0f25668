package dev.portico.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

import java.util.Objects;

/**
 * A whole Secret in the same namespace as the object that names it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretReference {

    @JsonPropertyDescription("Name of the Secret.")
    @Required
    @Pattern(SchemaPatterns.DNS_SUBDOMAIN)
    @Size(max = 253)
    private String name;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SecretReference other)) {
            return false;
        }
        return Objects.equals(name, other.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name);
    }

    @Override
    public String toString() {
        return "SecretReference{" + "name=" + name + "}";
    }
}
