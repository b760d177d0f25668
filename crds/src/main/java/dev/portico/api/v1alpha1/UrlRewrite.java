package dev.portico.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

import java.util.Objects;

/**
 * Rewrites applied to a request before it goes upstream.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UrlRewrite {

    @JsonPropertyDescription("How the path is rewritten.")
    private PathRewrite path;

    @JsonPropertyDescription("New Host header value.")
    @Pattern(SchemaPatterns.HOSTNAME_EXACT)
    @Size(max = 253)
    private String host;

    public PathRewrite getPath() {
        return path;
    }

    public void setPath(PathRewrite path) {
        this.path = path;
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof UrlRewrite other)) {
            return false;
        }
        return Objects.equals(path, other.path)
                && Objects.equals(host, other.host);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, host);
    }

    @Override
    public String toString() {
        return "UrlRewrite{" + "path=" + path
                + ", host=" + host + "}";
    }
}
