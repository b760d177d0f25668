package dev.portico.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

import java.util.List;
import java.util.Objects;

/**
 * Header changes: set (replace), add (append) and remove.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HeaderFilter {

    @JsonPropertyDescription("Headers set to a value, replacing any existing value.")
    @Size(min = 0, max = 16)
    private List<HeaderValue> set;

    @JsonPropertyDescription("Headers appended, keeping existing values.")
    @Size(min = 0, max = 16)
    private List<HeaderValue> add;

    @JsonPropertyDescription("Names of headers removed.")
    @Size(min = 0, max = 16)
    private List<@Pattern(SchemaPatterns.HEADER_NAME) String> remove;

    public List<HeaderValue> getSet() {
        return set;
    }

    public void setSet(List<HeaderValue> set) {
        this.set = set;
    }

    public List<HeaderValue> getAdd() {
        return add;
    }

    public void setAdd(List<HeaderValue> add) {
        this.add = add;
    }

    public List<String> getRemove() {
        return remove;
    }

    public void setRemove(List<String> remove) {
        this.remove = remove;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof HeaderFilter other)) {
            return false;
        }
        return Objects.equals(set, other.set)
                && Objects.equals(add, other.add)
                && Objects.equals(remove, other.remove);
    }

    @Override
    public int hashCode() {
        return Objects.hash(set, add, remove);
    }

    @Override
    public String toString() {
        return "HeaderFilter{" + "set=" + set
                + ", add=" + add
                + ", remove=" + remove + "}";
    }
}
