package dev.portico.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.Objects;

/**
 * Ready endpoints of one backend Service port.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackendStatus {

    @JsonPropertyDescription("Name of the Service.")
    private String service;

    @JsonPropertyDescription("Service port number.")
    private Integer port;

    @JsonPropertyDescription("Endpoints ready to receive traffic.")
    private Integer readyEndpoints;

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

    public Integer getReadyEndpoints() {
        return readyEndpoints;
    }

    public void setReadyEndpoints(Integer readyEndpoints) {
        this.readyEndpoints = readyEndpoints;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof BackendStatus other)) {
            return false;
        }
        return Objects.equals(service, other.service)
                && Objects.equals(port, other.port)
                && Objects.equals(readyEndpoints, other.readyEndpoints);
    }

    @Override
    public int hashCode() {
        return Objects.hash(service, port, readyEndpoints);
    }

    @Override
    public String toString() {
        return "BackendStatus{" + "service=" + service
                + ", port=" + port
                + ", readyEndpoints=" + readyEndpoints + "}";
    }
}
