package dev.portico.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

import java.util.Objects;

/**
 * A request header that must match.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HttpHeaderMatch {

    @JsonPropertyDescription("Header name, case-insensitive.")
    @Required
    @Pattern(SchemaPatterns.HEADER_NAME)
    @Size(max = 256)
    private String name;

    @JsonPropertyDescription("Exact, RegularExpression (full match) or Present (any value). Default Exact.")
    @Default("Exact")
    private ValueMatchType type;

    @JsonPropertyDescription("Value to compare; not used with Present.")
    @Size(max = 4096)
    private String value;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public ValueMatchType getType() {
        return type;
    }

    public void setType(ValueMatchType type) {
        this.type = type;
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
        if (!(o instanceof HttpHeaderMatch other)) {
            return false;
        }
        return Objects.equals(name, other.name)
                && Objects.equals(type, other.type)
                && Objects.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, value);
    }

    @Override
    public String toString() {
        return "HttpHeaderMatch{" + "name=" + name
                + ", type=" + type
                + ", value=" + value + "}";
    }
}
