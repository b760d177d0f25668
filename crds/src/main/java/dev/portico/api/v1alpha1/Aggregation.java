package dev.portico.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

import java.util.List;
import java.util.Objects;

/**
 * A fan-out: every backend is called in parallel and the JSON answers are merged into one object.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Aggregation {

    @JsonPropertyDescription("Time allowed for the whole fan-out, as a duration such as 2s. Default 5s.")
    @Pattern(SchemaPatterns.DURATION)
    @Size(max = 32)
    @Default("5s")
    private String timeout;

    @JsonPropertyDescription("Services called in parallel (1 to 16).")
    @Required
    @Size(min = 1, max = 16)
    private List<AggregateBackend> backends;

    public String getTimeout() {
        return timeout;
    }

    public void setTimeout(String timeout) {
        this.timeout = timeout;
    }

    public List<AggregateBackend> getBackends() {
        return backends;
    }

    public void setBackends(List<AggregateBackend> backends) {
        this.backends = backends;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Aggregation other)) {
            return false;
        }
        return Objects.equals(timeout, other.timeout)
                && Objects.equals(backends, other.backends);
    }

    @Override
    public int hashCode() {
        return Objects.hash(timeout, backends);
    }

    @Override
    public String toString() {
        return "Aggregation{" + "timeout=" + timeout
                + ", backends=" + backends + "}";
    }
}
