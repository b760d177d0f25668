package dev.portico.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

import java.util.Objects;

/**
 * One key of a Secret in the same namespace as the object that names it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretKeySelector {

    @JsonPropertyDescription("Name of the Secret.")
    @Required
    @Pattern(SchemaPatterns.DNS_SUBDOMAIN)
    @Size(max = 253)
    private String name;

    @JsonPropertyDescription("Data key inside the Secret.")
    @Required
    @Pattern(SchemaPatterns.SECRET_KEY)
    @Size(max = 253)
    private String key;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SecretKeySelector other)) {
            return false;
        }
        return Objects.equals(name, other.name)
                && Objects.equals(key, other.key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, key);
    }

    @Override
    public String toString() {
        return "SecretKeySelector{" + "name=" + name
                + ", key=" + key + "}";
    }
}
