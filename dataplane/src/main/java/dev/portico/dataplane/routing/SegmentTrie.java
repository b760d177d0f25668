package dev.portico.dataplane.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PathPrefix and Template matches keyed by path segment. A prefix is found by walking literal
 * segments (so {@code /api} never matches {@code /apix}); a template by a walk that may also take
 * {@code {var}} edges, each consuming exactly one non-empty segment. Immutable: adding or removing a
 * match copies only the nodes on its path (children in a {@link HashTrie}), so the trie a router
 * serves with is never touched.
 */
final class SegmentTrie {
    static final SegmentTrie EMPTY = new SegmentTrie(Node.EMPTY);
    private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private final Node root;

    private SegmentTrie(Node root) {
        this.root = root;
    }

    boolean isEmpty() {
        return root == Node.EMPTY;
    }

    SegmentTrie withPrefix(String value, CompiledMatch match) {
        return at(prefixSteps(value), n -> n.withPrefixes(Candidates.insert(n.prefixes, match)));
    }

    SegmentTrie withoutPrefix(String value, CompiledMatch match) {
        return at(prefixSteps(value), n -> n.withPrefixes(Candidates.remove(n.prefixes, match)));
    }

    SegmentTrie withTemplate(String value, CompiledMatch match) {
        return at(templateSteps(value), n -> n.withTemplates(Candidates.insert(n.templates, match)));
    }

    SegmentTrie withoutTemplate(String value, CompiledMatch match) {
        return at(templateSteps(value), n -> n.withTemplates(Candidates.remove(n.templates, match)));
    }

    private SegmentTrie at(List<Step> steps, UnaryOperator<Node> change) {
        Node updated = update(root, steps, 0, change);
        return updated == root ? this : new SegmentTrie(updated == null ? Node.EMPTY : updated);
    }

    /** {@code node} with {@code change} made at the end of {@code steps}; null when nothing is left in it. */
    private static Node update(Node node, List<Step> steps, int i, UnaryOperator<Node> change) {
        Node n = node == null ? Node.EMPTY : node;
        Node result;
        if (i == steps.size()) {
            result = change.apply(n);
        } else {
            Step step = steps.get(i);
            Node child = n.child(step);
            result = n.withChild(step, child, update(child, steps, i + 1, change));
        }
        return result.isEmpty() ? null : result;
    }

    private static List<Step> prefixSteps(String value) {
        List<Step> steps = new ArrayList<>();
        for (String segment : segments(value)) {
            steps.add(new Step(Step.LITERAL, segment));
        }
        return steps;
    }

    private static List<Step> templateSteps(String value) {
        List<Step> steps = new ArrayList<>();
        for (String segment : segments(value)) {
            Matcher m = VARIABLE.matcher(segment);
            if (!m.find()) {
                steps.add(new Step(Step.LITERAL, segment));
            } else if (m.start() == 0 && m.end() == segment.length()) {
                steps.add(new Step(Step.VARIABLE, m.group(1)));
            } else {
                steps.add(new Step(Step.PATTERN, segment));
            }
        }
        return steps;
    }

    RouteHit find(RouteRequest request) {
        String path = request.path();
        if (root.holdsTemplates()) {
            String[] segs = segments(path);
            List<TemplateHit> templates = new ArrayList<>(0);
            collectTemplates(root, segs, 0, new String[segs.length * 2], 0, templates);
            if (templates.size() > 1) {
                templates.sort((a, b) -> Candidates.ORDER.compare(a.match, b.match));
            }
            for (TemplateHit hit : templates) {
                if (hit.match.predicatesHold(request)) {
                    return new RouteHit(hit.match.rule(), hit.match.match(), hit.captures, request.path());
                }
            }
            return deepestPrefix(root, segs, 0, request);
        }
        // no templates, no array: the segments as segments() cuts them, walked in place
        int from = segmentsFrom(path);
        int to = segmentsTo(path);
        return deepestPrefix(root, path, from < to ? from : -1, to, request);
    }

    /** Adds every template and prefix match whose path fits {@code path}, whatever its predicates say. */
    void pathMatches(String path, List<CompiledMatch> out) {
        String[] segs = segments(path);
        List<TemplateHit> templates = new ArrayList<>(0);
        collectTemplates(root, segs, 0, new String[segs.length * 2], 0, templates);
        templates.forEach(t -> out.add(t.match));
        Node node = root;
        for (int i = 0; node != null; i++) {
            Collections.addAll(out, node.prefixes);
            node = i < segs.length ? node.literal.get(segs[i]) : null;
        }
    }

    /** The literal walk over {@code segs} from {@code i}, then the deepest prefix on the way whose predicates hold. */
    private static RouteHit deepestPrefix(Node node, String[] segs, int i, RouteRequest request) {
        Node next = i < segs.length ? node.literal.get(segs[i]) : null;
        RouteHit deeper = next == null ? null : deepestPrefix(next, segs, i + 1, request);
        return deeper != null ? deeper : prefixHit(node, request);
    }

    /** As {@link #deepestPrefix(Node, String[], int, RouteRequest)}, the segment at {@code s} cut from the path. */
    private static RouteHit deepestPrefix(Node node, String path, int s, int to, RouteRequest request) {
        RouteHit deeper = null;
        if (s >= 0) {
            int slash = path.indexOf('/', s);
            int e = slash < 0 || slash >= to ? to : slash;
            Node next = node.literal.get(path.substring(s, e));
            deeper = next == null ? null : deepestPrefix(next, path, e < to ? e + 1 : -1, to, request);
        }
        return deeper != null ? deeper : prefixHit(node, request);
    }

    private static RouteHit prefixHit(Node node, RouteRequest request) {
        for (CompiledMatch m : node.prefixes) {
            if (m.predicatesHold(request)) {
                return m.fixedHit();
            }
        }
        return null;
    }

    private static void collectTemplates(Node node, String[] segs, int i, String[] captured, int n,
            List<TemplateHit> out) {
        if (!node.holdsTemplates()) {
            return; // nothing below: prefix-only branches cost no template search
        }
        if (i == segs.length) {
            if (node.templates.length > 0) {
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
        for (Edge v : node.variables) {
            captured[n] = v.key;
            captured[n + 1] = seg;
            collectTemplates(v.node, segs, i + 1, captured, n + 2, out);
        }
        for (Edge p : node.patterns) {
            Matcher m = p.pattern.regex.matcher(seg);
            if (m.matches()) {
                List<String> names = p.pattern.names;
                String[] more = Arrays.copyOf(captured, captured.length + names.size() * 2);
                int k = n;
                for (int g = 0; g < names.size(); g++) {
                    more[k++] = names.get(g);
                    more[k++] = m.group(g + 1);
                }
                collectTemplates(p.node, segs, i + 1, more, k, out);
            }
        }
    }

    /** Segments of a path; a trailing slash is not a segment ("/api/" is "/api"). */
    static String[] segments(String path) {
        int from = segmentsFrom(path);
        int to = segmentsTo(path);
        return from < to ? path.substring(from, to).split("/", -1) : new String[0];
    }

    /** Where a path's segments start: after its leading slash. */
    private static int segmentsFrom(String path) {
        return path.startsWith("/") ? 1 : 0;
    }

    /** Where they end: before a trailing slash (not the leading one: "/" has no segment). */
    private static int segmentsTo(String path) {
        int n = path.length();
        return n > segmentsFrom(path) && path.charAt(n - 1) == '/' ? n - 1 : n;
    }

    private record TemplateHit(CompiledMatch match, Map<String, String> captures) {
    }

    /** One edge of a template or prefix: a literal segment, a whole-segment variable, or a mixed pattern. */
    private record Step(int kind, String key) {
        static final int LITERAL = 0;
        static final int VARIABLE = 1;
        static final int PATTERN = 2;
    }

    /** A segment mixing literals and variables, such as {@code {id}.json}. */
    private record SegmentPattern(Pattern regex, List<String> names) {
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
            return new SegmentPattern(Pattern.compile(regex.toString()), List.copyOf(names));
        }
    }

    /** A variable (key: its name) or pattern (key: the segment) edge; pattern is null for variables. */
    private record Edge(String key, SegmentPattern pattern, Node node) {
    }

    /**
     * One immutable trie node. Variable and pattern edges are few per node and kept sorted by key, so
     * the walk order does not depend on the order routes came in.
     *
     * @param templatesBelow Template matches in this node and under it: zero lets a lookup skip the branch
     */
    private record Node(HashTrie<Node> literal, Edge[] variables, Edge[] patterns, CompiledMatch[] prefixes,
            CompiledMatch[] templates, int templatesBelow) {
        static final Edge[] NO_EDGES = new Edge[0];
        static final Node EMPTY = new Node(HashTrie.empty(), NO_EDGES, NO_EDGES, Candidates.NONE,
                Candidates.NONE, 0);

        boolean holdsTemplates() {
            return templatesBelow > 0;
        }

        boolean isEmpty() {
            return prefixes.length == 0 && templates.length == 0 && literal.isEmpty() && variables.length == 0
                    && patterns.length == 0;
        }

        Node withPrefixes(CompiledMatch[] p) {
            return new Node(literal, variables, patterns, p, templates, templatesBelow);
        }

        Node withTemplates(CompiledMatch[] t) {
            return new Node(literal, variables, patterns, prefixes, t, templatesBelow + t.length - templates.length);
        }

        Node child(Step step) {
            return switch (step.kind) {
                case Step.LITERAL -> literal.get(step.key);
                case Step.VARIABLE -> edge(variables, step.key) < 0 ? null : variables[edge(variables, step.key)].node;
                default -> edge(patterns, step.key) < 0 ? null : patterns[edge(patterns, step.key)].node;
            };
        }

        /** This node with the child at {@code step} replaced by {@code next} (null: removed). */
        Node withChild(Step step, Node before, Node next) {
            if (before == next) {
                return this;
            }
            int below = templatesBelow + count(next) - count(before);
            return switch (step.kind) {
                case Step.LITERAL -> new Node(next == null ? literal.without(step.key) : literal.with(step.key, next),
                        variables, patterns, prefixes, templates, below);
                case Step.VARIABLE -> new Node(literal, withEdge(variables, step.key, null, next), patterns,
                        prefixes, templates, below);
                default -> new Node(literal, variables, withEdge(patterns, step.key, patterns, next), prefixes,
                        templates, below);
            };
        }

        private static int count(Node n) {
            return n == null ? 0 : n.templatesBelow;
        }

        private static int edge(Edge[] edges, String key) {
            return Arrays.binarySearch(edges, new Edge(key, null, null), (a, b) -> a.key.compareTo(b.key));
        }

        /** A copy of {@code edges} with {@code key} leading to {@code next}; patterns compile once per edge. */
        private static Edge[] withEdge(Edge[] edges, String key, Edge[] patterns, Node next) {
            int at = edge(edges, key);
            if (next == null) {
                Edge[] less = new Edge[edges.length - 1];
                System.arraycopy(edges, 0, less, 0, at);
                System.arraycopy(edges, at + 1, less, at, edges.length - at - 1);
                return less;
            }
            if (at >= 0) {
                Edge[] copy = edges.clone();
                copy[at] = new Edge(key, edges[at].pattern, next);
                return copy;
            }
            int insert = -at - 1;
            Edge[] more = new Edge[edges.length + 1];
            System.arraycopy(edges, 0, more, 0, insert);
            more[insert] = new Edge(key, patterns == null ? null : SegmentPattern.of(key), next);
            System.arraycopy(edges, insert, more, insert + 1, edges.length - insert);
            return more;
        }
    }
}
