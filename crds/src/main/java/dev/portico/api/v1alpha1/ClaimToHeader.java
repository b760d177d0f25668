package dev.portico.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

import java.util.Objects;

/**
 * Copies one JWT claim into a request header for the upstream.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClaimToHeader {

    @JsonPropertyDescription("Name of the claim, for example 'sub'.")
    @Required
    @Size(min = 1, max = 256)
    private String claim;

    @JsonPropertyDescription("HTTP header that receives the claim's value.")
    @Required
    @Pattern(SchemaPatterns.HEADER_NAME)
    @Size(max = 256)
    private String header;

    public String getClaim() {
        return claim;
    }

    public void setClaim(String claim) {
        this.claim = claim;
    }

    public String getHeader() {
        return header;
    }

    public void setHeader(String header) {
        this.header = header;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ClaimToHeader other)) {
            return false;
        }
        return Objects.equals(claim, other.claim)
                && Objects.equals(header, other.header);
    }

    @Override
    public int hashCode() {
        return Objects.hash(claim, header);
    }

    @Override
    public String toString() {
        return "ClaimToHeader{" + "claim=" + claim
                + ", header=" + header + "}";
    }
}
