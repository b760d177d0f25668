package dev.portico.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

import java.util.List;
import java.util.Objects;

/**
 * Which requests count against a limit.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LimitFilter {

    @JsonPropertyDescription("Methods that count; every method when empty.")
    @Size(min = 0, max = 9)
    private List<HttpMethod> methods;

    @JsonPropertyDescription("Path that counts; every path when absent.")
    private HttpPathMatch path;

    public List<HttpMethod> getMethods() {
        return methods;
    }

    public void setMethods(List<HttpMethod> methods) {
        this.methods = methods;
    }

    public HttpPathMatch getPath() {
        return path;
    }

    public void setPath(HttpPathMatch path) {
        this.path = path;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof LimitFilter other)) {
            return false;
        }
        return Objects.equals(methods, other.methods)
                && Objects.equals(path, other.path);
    }

    @Override
    public int hashCode() {
        return Objects.hash(methods, path);
    }

    @Override
    public String toString() {
        return "LimitFilter{" + "methods=" + methods
                + ", path=" + path + "}";
    }
}
