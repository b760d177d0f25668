package dev.portico.dataplane.ratelimit;

import dev.portico.dataplane.filter.Exchange;
import dev.portico.snapshot.PathMatch;
import dev.portico.snapshot.RateLimit;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A limit's {@code when}: which methods and which (normalised) paths it counts. */
final class RequestCondition {
    static final RequestCondition ALWAYS = new RequestCondition(Set.of(), p -> true);
    private static final Pattern VARIABLE = Pattern.compile("\\{[A-Za-z_][A-Za-z0-9_]*}");

    private final Set<String> methods;
    private final Predicate<String> path;

    private RequestCondition(Set<String> methods, Predicate<String> path) {
        this.methods = methods;
        this.path = path;
    }

    static RequestCondition of(RateLimit.When when) {
        if (when == null) {
            return ALWAYS;
        }
        List<String> ms = when.methods() == null ? List.of() : when.methods();
        Set<String> methods = Set.copyOf(ms.stream().map(m -> m.toUpperCase(Locale.ROOT)).toList());
        return new RequestCondition(methods, when.path() == null ? p -> true : pathPredicate(when.path()));
    }

    boolean test(Exchange ex) {
        return (methods.isEmpty() || methods.contains(ex.head().method())) && path.test(ex.path());
    }

    static Predicate<String> pathPredicate(PathMatch match) {
        String value = match.value();
        return switch (match.type()) {
            case Exact -> value::equals;
            case PathPrefix -> {
                if (value.equals("/")) {
                    yield p -> true;
                }
                String dir = value + "/";
                yield p -> p.equals(value) || p.startsWith(dir); // a prefix stops at a segment boundary
            }
            case Template -> regex(templateRegex(value));
            case RegularExpression -> regex(Pattern.compile(value));
        };
    }

    private static Predicate<String> regex(Pattern pattern) {
        return p -> pattern.matcher(p).matches();
    }

    /** {@code {var}} stands for one non-empty segment; everything else is literal. */
    private static Pattern templateRegex(String template) {
        StringBuilder sb = new StringBuilder();
        Matcher m = VARIABLE.matcher(template);
        int last = 0;
        while (m.find()) {
            sb.append(Pattern.quote(template.substring(last, m.start()))).append("[^/]+");
            last = m.end();
        }
        sb.append(Pattern.quote(template.substring(last)));
        return Pattern.compile(sb.toString());
    }
}
