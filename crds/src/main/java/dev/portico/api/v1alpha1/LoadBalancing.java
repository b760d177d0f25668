package dev.portico.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

import java.util.Objects;

/**
 * Load-balancing of a rule's backends' endpoints.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LoadBalancing {

    @JsonPropertyDescription("RoundRobin, LeastRequest, Random or ConsistentHash. Default RoundRobin.")
    @Default("RoundRobin")
    private LoadBalancerType type;

    @JsonPropertyDescription("What ConsistentHash hashes: exactly one of header, cookie or clientIP.")
    private HashKey hash;

    public LoadBalancerType getType() {
        return type;
    }

    public void setType(LoadBalancerType type) {
        this.type = type;
    }

    public HashKey getHash() {
        return hash;
    }

    public void setHash(HashKey hash) {
        this.hash = hash;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof LoadBalancing other)) {
            return false;
        }
        return Objects.equals(type, other.type)
                && Objects.equals(hash, other.hash);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, hash);
    }

    @Override
    public String toString() {
        return "LoadBalancing{" + "type=" + type
                + ", hash=" + hash + "}";
    }
}
