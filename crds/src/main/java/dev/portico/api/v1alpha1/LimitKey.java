package dev.portico.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

import java.util.Objects;

/**
 * The request property that selects a counter; a request without a value is counted under "".
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LimitKey {

    @JsonPropertyDescription("ClientIP, Header, JWTClaim (a claim of the token the target route's auth.jwt"
            + " verified), APIKey (the client id auth.apiKeys found) or Route (one counter for everyone). A request"
            + " without a value for its key (no such header, no verified token or claim) is counted under the empty"
            + " key: all such requests share one counter, none goes unlimited.")
    @Required
    private LimitKeyType type;

    @JsonPropertyDescription("Header or claim name; required for Header and JWTClaim.")
    @Size(min = 1, max = 256)
    private String name;

    public LimitKeyType getType() {
        return type;
    }

    public void setType(LimitKeyType type) {
        this.type = type;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof LimitKey other)) {
            return false;
        }
        return Objects.equals(type, other.type)
                && Objects.equals(name, other.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, name);
    }

    @Override
    public String toString() {
        return "LimitKey{" + "type=" + type
                + ", name=" + name + "}";
    }
}
