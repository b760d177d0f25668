package dev.portico.dataplane.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PathPrefix and Template matches keyed by path segment. A prefix is found by walking literal
 * segments (so {@code /api} never matches {@code /apix}); a template by a walk that may also take
 * {@code {var}} edges, each consuming exactly one non-empty segment.
 */
final class SegmentTrie {
    private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private final Node root = new Node();

    void addPrefix(String value, CompiledMatch match) {
        Node node = root;
        for (String segment : segments(value)) {
            node = node.literal.computeIfAbsent(segment, k -> new Node());
        }
        node.prefixes.add(match);
        node.prefixValue = value;
    }

    void addTemplate(String value, CompiledMatch match) {
        Node node = root;
        for (String segment : segments(value)) {
            Matcher m = VARIABLE.matcher(segment);
            if (!m.find()) {
                node = node.literal.computeIfAbsent(segment, k -> new Node());
            } else if (m.start() == 0 && m.end() == segment.length()) {
                node = node.variables.computeIfAbsent(m.group(1), k -> new Node());
            } else {
                node = node.patterns.computeIfAbsent(segment, SegmentPattern::of).node;
            }
        }
        node.templates.add(match);
    }

    void seal(Comparator<CompiledMatch> order) {
        root.seal(order);
    }

    RouteHit find(RouteRequest request, Comparator<CompiledMatch> order) {
        String[] segs = segments(request.path());
        List<TemplateHit> templates = new ArrayList<>(0);
        if (root.holdsTemplates) {
            collectTemplates(root, segs, 0, new String[segs.length * 2], 0, templates);
        }
        if (!templates.isEmpty()) {
            if (templates.size() > 1) {
                templates.sort((a, b) -> order.compare(a.match, b.match));
            }
            for (TemplateHit hit : templates) {
                if (hit.match.predicatesHold(request)) {
                    return new RouteHit(hit.match.rule(), hit.match.match(), hit.captures, request.path());
                }
            }
        }
        // Walk literal segments, remembering each node on the way, then try the deepest first.
        Node[] path = new Node[segs.length + 1];
        int depth = 0;
        path[0] = root;
        Node node = root;
        for (String seg : segs) {
            node = node.literal.get(seg);
            if (node == null) {
                break;
            }
            path[++depth] = node;
        }
        for (int d = depth; d >= 0; d--) {
            for (CompiledMatch m : path[d].prefixes) {
                if (m.predicatesHold(request)) {
                    return new RouteHit(m.rule(), m.match(), Map.of(), path[d].prefixValue);
                }
            }
        }
        return null;
    }

    private static void collectTemplates(Node node, String[] segs, int i, String[] captured, int n,
            List<TemplateHit> out) {
        if (!node.holdsTemplates) {
            return; // nothing below: prefix-only branches cost no template search
        }
        if (i == segs.length) {
            if (!node.templates.isEmpty()) {
                Map<String, String> captures = new LinkedHashMap<>();
                for (int k = 0; k < n; k += 2) {
                    captures.put(captured[k], captured[k + 1]);
                }
                for (CompiledMatch m : node.templates) {
                    out.add(new TemplateHit(m, Map.copyOf(captures)));
                }
            }
            return;
        }
        String seg = segs[i];
        Node lit = node.literal.get(seg);
        if (lit != null) {
            collectTemplates(lit, segs, i + 1, captured, n, out);
        }
        if (seg.isEmpty()) {
            return; // a variable never matches an empty segment
        }
        for (Map.Entry<String, Node> v : node.variables.entrySet()) {
            captured[n] = v.getKey();
            captured[n + 1] = seg;
            collectTemplates(v.getValue(), segs, i + 1, captured, n + 2, out);
        }
        for (SegmentPattern p : node.patterns.values()) {
            Matcher m = p.regex.matcher(seg);
            if (m.matches()) {
                String[] more = java.util.Arrays.copyOf(captured, captured.length + p.names.size() * 2);
                int k = n;
                for (int g = 0; g < p.names.size(); g++) {
                    more[k++] = p.names.get(g);
                    more[k++] = m.group(g + 1);
                }
                collectTemplates(p.node, segs, i + 1, more, k, out);
            }
        }
    }

    /** Segments of a path; a trailing slash is not a segment ("/api/" is "/api"). */
    static String[] segments(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? new String[0] : p.split("/", -1);
    }

    private record TemplateHit(CompiledMatch match, Map<String, String> captures) {
    }

    /** A segment mixing literals and variables, such as {@code {id}.json}. */
    private record SegmentPattern(Pattern regex, List<String> names, Node node) {
        static SegmentPattern of(String segment) {
            StringBuilder regex = new StringBuilder();
            List<String> names = new ArrayList<>();
            Matcher m = VARIABLE.matcher(segment);
            int last = 0;
            while (m.find()) {
                regex.append(Pattern.quote(segment.substring(last, m.start()))).append("([^/]+)");
                names.add(m.group(1));
                last = m.end();
            }
            regex.append(Pattern.quote(segment.substring(last)));
            return new SegmentPattern(Pattern.compile(regex.toString()), List.copyOf(names), new Node());
        }
    }

    private static final class Node {
        final Map<String, Node> literal = new HashMap<>();
        final Map<String, Node> variables = new LinkedHashMap<>();
        final Map<String, SegmentPattern> patterns = new LinkedHashMap<>();
        List<CompiledMatch> prefixes = new ArrayList<>();
        List<CompiledMatch> templates = new ArrayList<>();
        String prefixValue = "/";
        boolean holdsTemplates;

        /** Sorts candidates; returns whether this node or any below it ends a Template. */
        boolean seal(Comparator<CompiledMatch> order) {
            prefixes.sort(order);
            templates.sort(order);
            prefixes = List.copyOf(prefixes);
            templates = List.copyOf(templates);
            boolean below = false;
            for (Node n : literal.values()) {
                below |= n.seal(order);
            }
            for (Node n : variables.values()) {
                below |= n.seal(order);
            }
            for (SegmentPattern p : patterns.values()) {
                below |= p.node.seal(order);
            }
            holdsTemplates = below || !templates.isEmpty();
            return holdsTemplates;
        }
    }
}
