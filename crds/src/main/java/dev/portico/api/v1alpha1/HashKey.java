package dev.portico.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

import java.util.Objects;

/**
 * The request property a consistent hash is computed on.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = SchemaOverlay.class,
        input = "{\"oneOf\":[{\"required\":[\"header\"]},{\"required\":[\"cookie\"]},{\"required\":[\"clientIP\"]}]}")
public class HashKey {

    @JsonPropertyDescription("Hash on the value of this request header.")
    @Pattern(SchemaPatterns.HEADER_NAME)
    @Size(max = 256)
    private String header;

    @JsonPropertyDescription("Hash on the value of this cookie.")
    @Size(min = 1, max = 256)
    private String cookie;

    @JsonPropertyDescription("Hash on the client's IP address.")
    @JsonProperty("clientIP")
    private Boolean clientIP;

    public String getHeader() {
        return header;
    }

    public void setHeader(String header) {
        this.header = header;
    }

    public String getCookie() {
        return cookie;
    }

    public void setCookie(String cookie) {
        this.cookie = cookie;
    }

    public Boolean getClientIP() {
        return clientIP;
    }

    public void setClientIP(Boolean clientIP) {
        this.clientIP = clientIP;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof HashKey other)) {
            return false;
        }
        return Objects.equals(header, other.header)
                && Objects.equals(cookie, other.cookie)
                && Objects.equals(clientIP, other.clientIP);
    }

    @Override
    public int hashCode() {
        return Objects.hash(header, cookie, clientIP);
    }

    @Override
    public String toString() {
        return "HashKey{" + "header=" + header
                + ", cookie=" + cookie
                + ", clientIP=" + clientIP + "}";
    }
}
