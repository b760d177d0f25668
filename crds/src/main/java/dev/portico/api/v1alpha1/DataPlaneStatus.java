package dev.portico.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.Objects;

/**
 * How many data planes serve the current generation of a route.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DataPlaneStatus {

    @JsonPropertyDescription("Data planes that acknowledged a snapshot holding this generation.")
    private Integer ready;

    @JsonPropertyDescription("Data planes connected for the route's gateway.")
    private Integer total;

    @JsonPropertyDescription("Version of the newest snapshot holding this generation.")
    private Long snapshotVersion;

    @JsonPropertyDescription("ready/total, as shown by kubectl get.")
    private String summary;

    public Integer getReady() {
        return ready;
    }

    public void setReady(Integer ready) {
        this.ready = ready;
    }

    public Integer getTotal() {
        return total;
    }

    public void setTotal(Integer total) {
        this.total = total;
    }

    public Long getSnapshotVersion() {
        return snapshotVersion;
    }

    public void setSnapshotVersion(Long snapshotVersion) {
        this.snapshotVersion = snapshotVersion;
    }

    public String getSummary() {
        return summary;
    }

    public void setSummary(String summary) {
        this.summary = summary;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DataPlaneStatus other)) {
            return false;
        }
        return Objects.equals(ready, other.ready)
                && Objects.equals(total, other.total)
                && Objects.equals(snapshotVersion, other.snapshotVersion)
                && Objects.equals(summary, other.summary);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ready, total, snapshotVersion, summary);
    }

    @Override
    public String toString() {
        return "DataPlaneStatus{" + "ready=" + ready
                + ", total=" + total
                + ", snapshotVersion=" + snapshotVersion
                + ", summary=" + summary + "}";
    }
}
