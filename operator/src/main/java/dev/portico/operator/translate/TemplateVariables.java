package dev.portico.operator.translate;

import dev.portico.snapshot.PathMatch;
import dev.portico.snapshot.RouteMatch;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code {name}} captures of Template matches, and the places (rewrites, aggregate paths) that use them. */
final class TemplateVariables {

    /** Same spelling as {@link PathMatch#variables()} accepts. */
    private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private TemplateVariables() {
    }

    /** Variables used in {@code text}, in order of first use. */
    static Set<String> usedIn(String text) {
        Set<String> names = new LinkedHashSet<>();
        if (text != null) {
            Matcher m = VARIABLE.matcher(text);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** Why a Template value is malformed (a capture that is not a whole segment, a repeated name), or null. */
    static String templateProblem(String template) {
        Set<String> seen = new HashSet<>();
        for (String segment : template.split("/", -1)) {
            if (segment.indexOf('{') < 0 && segment.indexOf('}') < 0) {
                continue;
            }
            Matcher m = VARIABLE.matcher(segment);
            if (!m.matches()) {
                return "segment \"" + segment + "\" must be a literal or exactly one {name} capture";
            }
            if (!seen.add(m.group(1))) {
                return "capture {" + m.group(1) + "} appears twice";
            }
        }
        return null;
    }

    /**
     * Checks that every variable {@code text} uses is captured by every match of the rule.
     *
     * @param field     where {@code text} is, e.g. {@code spec.rules[0].aggregate.backends[1].path}
     * @param rulePath  e.g. {@code spec.rules[0]}
     * @param specified whether the rule lists matches (else it has the default {@code PathPrefix /})
     */
    static List<SpecProblem> check(String text, String field, String rulePath, List<RouteMatch> matches,
            boolean specified) {
        List<SpecProblem> problems = new ArrayList<>();
        for (String name : usedIn(text)) {
            for (int j = 0; j < matches.size(); j++) {
                if (!matches.get(j).path().variables().contains(name)) {
                    String where = specified ? rulePath + ".matches[" + j + "].path" : "the default match (PathPrefix /)";
                    problems.add(SpecProblem.invalid(field,
                            "template variable {" + name + "} is not captured by " + where));
                    break;
                }
            }
        }
        return problems;
    }
}
