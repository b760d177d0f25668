package dev.portico.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

import java.util.List;
import java.util.Objects;

/**
 * One request match; every field that is set must match.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HttpMatch {

    @JsonPropertyDescription("Path match. Default PathPrefix '/'.")
    private HttpPathMatch path;

    @JsonPropertyDescription("HTTP method the request must use.")
    private HttpMethod method;

    @JsonPropertyDescription("Request headers that must all match.")
    @Size(min = 0, max = 16)
    private List<HttpHeaderMatch> headers;

    @JsonPropertyDescription("Query parameters that must all match.")
    @Size(min = 0, max = 16)
    private List<QueryParamMatch> queryParams;

    public HttpPathMatch getPath() {
        return path;
    }

    public void setPath(HttpPathMatch path) {
        this.path = path;
    }

    public HttpMethod getMethod() {
        return method;
    }

    public void setMethod(HttpMethod method) {
        this.method = method;
    }

    public List<HttpHeaderMatch> getHeaders() {
        return headers;
    }

    public void setHeaders(List<HttpHeaderMatch> headers) {
        this.headers = headers;
    }

    public List<QueryParamMatch> getQueryParams() {
        return queryParams;
    }

    public void setQueryParams(List<QueryParamMatch> queryParams) {
        this.queryParams = queryParams;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof HttpMatch other)) {
            return false;
        }
        return Objects.equals(path, other.path)
                && Objects.equals(method, other.method)
                && Objects.equals(headers, other.headers)
                && Objects.equals(queryParams, other.queryParams);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, method, headers, queryParams);
    }

    @Override
    public String toString() {
        return "HttpMatch{" + "path=" + path
                + ", method=" + method
                + ", headers=" + headers
                + ", queryParams=" + queryParams + "}";
    }
}
