package dev.portico.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

import java.util.Objects;

/**
 * One token bucket: capacity {@code requests + burst}, refilled at {@code requests / period}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RequestLimit {

    @JsonPropertyDescription("DNS label naming the limit in metrics and status.")
    @Pattern(SchemaPatterns.DNS_LABEL)
    @Size(max = 63)
    private String name;

    @JsonPropertyDescription("Requests allowed per period, at least 1.")
    @Required
    @Min(1)
    private Integer requests;

    @JsonPropertyDescription("Length of the period, a non-zero duration from 1s to 24h such as 1s, 1m or 1h.")
    @Required
    @Pattern(SchemaPatterns.PERIOD)
    @Size(max = 32)
    private String period;

    @JsonPropertyDescription("Extra capacity above the steady rate, at least 0. Default 0.")
    @Min(0)
    @Default("0")
    private Integer burst;

    @JsonPropertyDescription("What a separate counter is kept for.")
    @Required
    private LimitKey key;

    @JsonPropertyDescription("Only requests that match this filter count against the limit; every request when absent.")
    private LimitFilter when;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Integer getRequests() {
        return requests;
    }

    public void setRequests(Integer requests) {
        this.requests = requests;
    }

    public String getPeriod() {
        return period;
    }

    public void setPeriod(String period) {
        this.period = period;
    }

    public Integer getBurst() {
        return burst;
    }

    public void setBurst(Integer burst) {
        this.burst = burst;
    }

    public LimitKey getKey() {
        return key;
    }

    public void setKey(LimitKey key) {
        this.key = key;
    }

    public LimitFilter getWhen() {
        return when;
    }

    public void setWhen(LimitFilter when) {
        this.when = when;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RequestLimit other)) {
            return false;
        }
        return Objects.equals(name, other.name)
                && Objects.equals(requests, other.requests)
                && Objects.equals(period, other.period)
                && Objects.equals(burst, other.burst)
                && Objects.equals(key, other.key)
                && Objects.equals(when, other.when);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, requests, period, burst, key, when);
    }

    @Override
    public String toString() {
        return "RequestLimit{" + "name=" + name
                + ", requests=" + requests
                + ", period=" + period
                + ", burst=" + burst
                + ", key=" + key
                + ", when=" + when + "}";
    }
}
