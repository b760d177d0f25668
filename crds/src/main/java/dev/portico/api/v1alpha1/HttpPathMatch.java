package dev.portico.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

import java.util.Objects;

/**
 * How a request path is matched.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HttpPathMatch {

    @JsonPropertyDescription("Exact (whole path, case-sensitive), PathPrefix (whole segments), Template ('{name}' segments capture one non-empty segment) or RegularExpression (full-match Java regex). Default PathPrefix.")
    @Default("PathPrefix")
    private PathMatchType type;

    @JsonPropertyDescription("The path, prefix, template or regular expression; it starts with '/'. Default '/'.")
    @Pattern(SchemaPatterns.PATH)
    @Size(max = 1024)
    @Default("/")
    private String value;

    public PathMatchType getType() {
        return type;
    }

    public void setType(PathMatchType type) {
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
        if (!(o instanceof HttpPathMatch other)) {
            return false;
        }
        return Objects.equals(type, other.type)
                && Objects.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, value);
    }

    @Override
    public String toString() {
        return "HttpPathMatch{" + "type=" + type
                + ", value=" + value + "}";
    }
}
