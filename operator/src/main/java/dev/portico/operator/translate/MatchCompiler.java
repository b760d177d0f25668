package dev.portico.operator.translate;

import dev.portico.api.v1alpha1.HttpHeaderMatch;
import dev.portico.api.v1alpha1.HttpMatch;
import dev.portico.api.v1alpha1.HttpPathMatch;
import dev.portico.api.v1alpha1.QueryParamMatch;
import dev.portico.api.v1alpha1.ValueMatchType;
import dev.portico.snapshot.PathMatch;
import dev.portico.snapshot.RouteMatch;
import dev.portico.snapshot.ValueMatch;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Turns the matches of a rule into snapshot matches, checking regex and template syntax on the way. */
final class MatchCompiler {

    private MatchCompiler() {
    }

    /** The matches of a rule; an empty list means the one match {@code PathPrefix /}. */
    static List<RouteMatch> compile(List<HttpMatch> matches, String rulePath, List<SpecProblem> problems) {
        if (matches == null || matches.isEmpty()) {
            return List.of(RouteMatch.path(PathMatch.prefix("/")));
        }
        List<RouteMatch> compiled = new ArrayList<>();
        for (int j = 0; j < matches.size(); j++) {
            HttpMatch match = matches.get(j);
            String field = rulePath + ".matches[" + j + "]";
            PathMatch path = path(match.getPath(), field + ".path", problems);
            List<ValueMatch> headers = new ArrayList<>();
            List<HttpHeaderMatch> headerSpecs = match.getHeaders() == null ? List.of() : match.getHeaders();
            for (int k = 0; k < headerSpecs.size(); k++) {
                HttpHeaderMatch h = headerSpecs.get(k);
                headers.add(value(h.getName(), h.getType(), h.getValue(), field + ".headers[" + k + "]", problems));
            }
            List<ValueMatch> queries = new ArrayList<>();
            List<QueryParamMatch> querySpecs = match.getQueryParams() == null ? List.of() : match.getQueryParams();
            for (int k = 0; k < querySpecs.size(); k++) {
                QueryParamMatch q = querySpecs.get(k);
                queries.add(value(q.getName(), q.getType(), q.getValue(), field + ".queryParams[" + k + "]", problems));
            }
            String method = match.getMethod() == null ? null : match.getMethod().name();
            compiled.add(new RouteMatch(path, method, headers, queries));
        }
        return compiled;
    }

    /** A path match (also used by rate-limit filters); problems name {@code field}{@code .value}. */
    static PathMatch path(HttpPathMatch spec, String field, List<SpecProblem> problems) {
        if (spec == null) {
            return PathMatch.prefix("/");
        }
        PathMatch.Type type = spec.getType() == null ? PathMatch.Type.PathPrefix : PathMatch.Type.valueOf(spec.getType().name());
        String value = spec.getValue() == null ? "/" : spec.getValue();
        if (!value.startsWith("/") && type != PathMatch.Type.RegularExpression) {
            problems.add(SpecProblem.invalid(field + ".value", "must start with /"));
        }
        if (type == PathMatch.Type.RegularExpression) {
            regex(value, field + ".value", problems);
        }
        if (type == PathMatch.Type.Template) {
            String why = TemplateVariables.templateProblem(value);
            if (why != null) {
                problems.add(SpecProblem.invalid(field + ".value", "invalid template: " + why));
            }
        }
        return new PathMatch(type, value);
    }

    private static ValueMatch value(String name, ValueMatchType typeSpec, String value, String field,
            List<SpecProblem> problems) {
        ValueMatch.Type type = typeSpec == null ? ValueMatch.Type.Exact : ValueMatch.Type.valueOf(typeSpec.name());
        if (name == null || name.isEmpty()) {
            problems.add(SpecProblem.invalid(field + ".name", "is required"));
        }
        if (type != ValueMatch.Type.Present && value == null) {
            problems.add(SpecProblem.invalid(field + ".value", "is required for type " + type));
        }
        if (type == ValueMatch.Type.RegularExpression && value != null) {
            regex(value, field + ".value", problems);
        }
        return new ValueMatch(name, type, type == ValueMatch.Type.Present ? null : value);
    }

    private static void regex(String value, String field, List<SpecProblem> problems) {
        try {
            Pattern.compile(value);
        } catch (PatternSyntaxException e) {
            problems.add(SpecProblem.invalid(field, "invalid regular expression: " + e.getDescription()
                    + (e.getIndex() >= 0 ? " near index " + e.getIndex() : "")));
        }
    }
}
