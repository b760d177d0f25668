package dev.portico.snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How a rule matches the (normalised) request path. */
public record PathMatch(Type type, String value) {

    public enum Type { Exact, PathPrefix, Template, RegularExpression }

    private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

    public PathMatch {
        if (type == null) {
            type = Type.PathPrefix;
        }
        if (value == null || value.isEmpty()) {
            value = "/";
        }
        // Gateway API: a trailing slash on a prefix is not significant.
        if (type == Type.PathPrefix && value.length() > 1 && value.endsWith("/")) {
            value = value.substring(0, value.length() - 1);
        }
    }

    public static PathMatch prefix(String value) {
        return new PathMatch(Type.PathPrefix, value);
    }

    public static PathMatch exact(String value) {
        return new PathMatch(Type.Exact, value);
    }

    public static PathMatch template(String value) {
        return new PathMatch(Type.Template, value);
    }

    /** Names of the {@code {var}} segments of a Template, in order; empty for other types. */
    public List<String> variables() {
        List<String> names = new ArrayList<>();
        if (type == Type.Template) {
            Matcher m = VARIABLE.matcher(value);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** Characters that must match literally: the precedence measure among Templates and prefixes. */
    public int literalLength() {
        return type == Type.Template ? VARIABLE.matcher(value).replaceAll("").length() : value.length();
    }
}
