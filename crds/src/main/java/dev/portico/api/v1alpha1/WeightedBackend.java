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
 * A Service port that receives a share of a rule's traffic.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WeightedBackend {

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

    @JsonPropertyDescription("Relative share of the traffic, 0 to 1000000; 0 sends nothing. Default 1.")
    @Min(0)
    @Max(1000000)
    @Default("1")
    private Integer weight;

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

    public Integer getWeight() {
        return weight;
    }

    public void setWeight(Integer weight) {
        this.weight = weight;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof WeightedBackend other)) {
            return false;
        }
        return Objects.equals(service, other.service)
                && Objects.equals(port, other.port)
                && Objects.equals(weight, other.weight);
    }

    @Override
    public int hashCode() {
        return Objects.hash(service, port, weight);
    }

    @Override
    public String toString() {
        return "WeightedBackend{" + "service=" + service
                + ", port=" + port
                + ", weight=" + weight + "}";
    }
}
