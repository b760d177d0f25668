package dev.portico.dataplane.filter;

import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Changes filters made to the headers that go upstream, kept as a list instead of applied to a map: the
 * HTTP/1 forward path copies the client's header lines as they came and needs to know only which names
 * changed. Each name's last edit wins, and any edit of a name replaces all the client's lines of it, as
 * {@link MultiMap#set} and {@link MultiMap#remove} would.
 */
public final class HeaderEdits {
    private final List<String> names = new ArrayList<>(4); // lower case
    private final List<String> values = new ArrayList<>(4); // null: removed

    void set(String name, String value) {
        record(lower(name), value);
    }

    void remove(String name) {
        record(lower(name), null);
    }

    /** Names are mostly lower case already (constants, configuration): no copy for them. */
    private static String lower(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z' || c > 0x7f) {
                return name.toLowerCase(Locale.ROOT);
            }
        }
        return name;
    }

    private void record(String lower, String value) {
        int at = names.indexOf(lower);
        if (at >= 0) {
            names.remove(at);
            values.remove(at);
        }
        names.add(lower);
        values.add(value);
    }

    /** The lower-case names edited, removed ones included. */
    public List<String> names() {
        return Collections.unmodifiableList(names);
    }

    public int size() {
        return names.size();
    }

    /** The lower-case name of edit {@code i}. */
    public String name(int i) {
        return names.get(i);
    }

    /** The value edit {@code i} sets; null when it removes the header. */
    public String value(int i) {
        return values.get(i);
    }

    public boolean touches(String lowerName) {
        return names.contains(lowerName);
    }

    void applyTo(MultiMap headers) {
        for (int i = 0; i < names.size(); i++) {
            if (values.get(i) == null) {
                headers.remove(names.get(i));
            } else {
                headers.set(names.get(i), values.get(i));
            }
        }
    }
}
