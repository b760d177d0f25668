package dev.portico.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

import java.util.Objects;

/**
 * A route, or one rule of it, that a policy applies to.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PolicyTargetRef {

    @JsonPropertyDescription("Kind of the target; only GatewayRoute.")
    @Required
    private TargetKind kind;

    @JsonPropertyDescription("Name of the GatewayRoute in the policy's namespace.")
    @Required
    @Pattern(SchemaPatterns.DNS_SUBDOMAIN)
    @Size(max = 253)
    private String name;

    @JsonPropertyDescription("Name of one rule of the route; the whole route when absent.")
    @Pattern(SchemaPatterns.DNS_LABEL)
    @Size(max = 63)
    private String rule;

    public TargetKind getKind() {
        return kind;
    }

    public void setKind(TargetKind kind) {
        this.kind = kind;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getRule() {
        return rule;
    }

    public void setRule(String rule) {
        this.rule = rule;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PolicyTargetRef other)) {
            return false;
        }
        return Objects.equals(kind, other.kind)
                && Objects.equals(name, other.name)
                && Objects.equals(rule, other.rule);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, name, rule);
    }

    @Override
    public String toString() {
        return "PolicyTargetRef{" + "kind=" + kind
                + ", name=" + name
                + ", rule=" + rule + "}";
    }
}
