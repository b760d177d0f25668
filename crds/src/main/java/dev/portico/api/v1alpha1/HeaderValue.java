package dev.portico.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

import java.util.Objects;

/**
 * A header name and value.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HeaderValue {

    @JsonPropertyDescription("Header name.")
    @Required
    @Pattern(SchemaPatterns.HEADER_NAME)
    @Size(max = 256)
    private String name;

    @JsonPropertyDescription("Header value: visible ASCII (and Latin-1 letters), spaces and tabs inside it, no line breaks or other control characters, no white space at either end; may be empty.")
    @Required
    @Pattern(SchemaPatterns.HEADER_VALUE)
    @Size(max = 4096)
    private String value;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getValue() {
        return value;
    }

    public void setValue(String value) {
        this.value = value;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof HeaderValue other)) {
            return false;
        }
        return Objects.equals(name, other.name)
                && Objects.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, value);
    }

    @Override
    public String toString() {
        return "HeaderValue{" + "name=" + name
                + ", value=" + value + "}";
    }
}
