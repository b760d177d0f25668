package dev.portico.snapshot;

import java.util.List;

/** Header edits, applied in the order remove, set, add. */
public record HeaderModifier(List<Header> set, List<Header> add, List<String> remove) {

    public record Header(String name, String value) {
    }

    public HeaderModifier {
        set = Canonical.list(set);
        add = Canonical.list(add);
        remove = Canonical.list(remove);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isEmpty() {
        return set.isEmpty() && add.isEmpty() && remove.isEmpty();
    }
}
