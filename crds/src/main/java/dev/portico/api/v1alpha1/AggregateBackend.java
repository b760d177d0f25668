package dev.portico.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

import java.util.Objects;

/**
 * One call of a fan-out; its JSON answer becomes the member {@code name} of the response.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AggregateBackend {

    @JsonPropertyDescription("Member name of this backend's answer in the merged response (its JSON, or its body as a string when"
            + " that is not JSON).")
    @Required
    @Pattern(SchemaPatterns.MEMBER_NAME)
    @Size(max = 63)
    private String name;

    @JsonPropertyDescription("Name of a Service in the route's namespace.")
    @Required
    @Pattern(SchemaPatterns.DNS_LABEL)
    @Size(max = 63)
    private String service;

    @JsonPropertyDescription("Service port number.")
    @Required
    @Min(1)
    @Max(65535)
    private Integer port;

    @JsonPropertyDescription("Path and optional query of the call, starting with '/'; may use '{name}' values captured by a Template match.")
    @Required
    @Pattern(SchemaPatterns.PATH)
    @Size(max = 2048)
    private String path;

    @JsonPropertyDescription("When true (the default) a failure or timeout of this call fails the whole request; when false it is left out and listed in '_errors'.")
    @Default("true")
    private Boolean required;

    @JsonPropertyDescription("Time allowed for this call, as a duration such as 300ms. Default: the aggregate's timeout.")
    @Pattern(SchemaPatterns.DURATION)
    @Size(max = 32)
    private String timeout;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getService() {
        return service;
    }

    public void setService(String service) {
        this.service = service;
    }

    public Integer getPort() {
        return port;
    }

    public void setPort(Integer port) {
        this.port = port;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public Boolean getRequired() {
        return required;
    }

    public void setRequired(Boolean required) {
        this.required = required;
    }

    public String getTimeout() {
        return timeout;
    }

    public void setTimeout(String timeout) {
        this.timeout = timeout;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof AggregateBackend other)) {
            return false;
        }
        return Objects.equals(name, other.name)
                && Objects.equals(service, other.service)
                && Objects.equals(port, other.port)
                && Objects.equals(path, other.path)
                && Objects.equals(required, other.required)
                && Objects.equals(timeout, other.timeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, service, port, path, required, timeout);
    }

    @Override
    public String toString() {
        return "AggregateBackend{" + "name=" + name
                + ", service=" + service
                + ", port=" + port
                + ", path=" + path
                + ", required=" + required
                + ", timeout=" + timeout + "}";
    }
}
