package dev.portico.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

import java.util.Objects;

/**
 * A path rewrite.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PathRewrite {

    @JsonPropertyDescription("ReplacePrefixMatch (replace the matched prefix) or ReplaceFullPath.")
    @Required
    private PathRewriteType type;

    @JsonPropertyDescription("Replacement, starting with '/'; may use '{name}' values captured by a Template match.")
    @Required
    @Pattern(SchemaPatterns.PATH)
    @Size(max = 1024)
    private String value;

    public PathRewriteType getType() {
        return type;
    }

    public void setType(PathRewriteType type) {
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
        if (!(o instanceof PathRewrite other)) {
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
        return "PathRewrite{" + "type=" + type
                + ", value=" + value + "}";
    }
}
