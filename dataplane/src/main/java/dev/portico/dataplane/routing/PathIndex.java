package dev.portico.dataplane.routing;

import dev.portico.snapshot.MatchPrecedence;
import dev.portico.snapshot.PathMatch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The path index of one host tier: exact paths in a map, PathPrefix and Template in a segment trie,
 * regular expressions last. Candidates come out in {@link MatchPrecedence#ORDER}, and the first
 * whose method/header/query predicates hold wins.
 */
final class PathIndex {
    private static final Comparator<CompiledMatch> ORDER =
            Comparator.comparing(CompiledMatch::candidate, MatchPrecedence.ORDER);

    private final Map<String, List<CompiledMatch>> exact;
    private final SegmentTrie trie;
    private final List<CompiledMatch> regexes;

    private PathIndex(Map<String, List<CompiledMatch>> exact, SegmentTrie trie, List<CompiledMatch> regexes) {
        this.exact = exact;
        this.trie = trie;
        this.regexes = regexes;
    }

    static PathIndex of(List<CompiledMatch> matches) {
        Map<String, List<CompiledMatch>> exact = new HashMap<>();
        SegmentTrie trie = new SegmentTrie();
        List<CompiledMatch> regexes = new ArrayList<>();
        for (CompiledMatch m : matches) {
            PathMatch path = m.match().path();
            switch (path.type()) {
                case Exact -> exact.computeIfAbsent(path.value(), k -> new ArrayList<>()).add(m);
                case PathPrefix -> trie.addPrefix(path.value(), m);
                case Template -> trie.addTemplate(path.value(), m);
                case RegularExpression -> regexes.add(m);
            }
        }
        Map<String, List<CompiledMatch>> sortedExact = new HashMap<>();
        exact.forEach((k, v) -> sortedExact.put(k, sorted(v)));
        trie.seal(ORDER);
        return new PathIndex(sortedExact, trie, sorted(regexes));
    }

    private static List<CompiledMatch> sorted(List<CompiledMatch> in) {
        List<CompiledMatch> copy = new ArrayList<>(in);
        copy.sort(ORDER);
        return List.copyOf(copy);
    }

    RouteHit find(RouteRequest request) {
        String path = request.path();
        List<CompiledMatch> exactHits = exact.get(path);
        if (exactHits != null) {
            for (CompiledMatch m : exactHits) {
                if (m.predicatesHold(request)) {
                    return new RouteHit(m.rule(), m.match(), Map.of(), path);
                }
            }
        }
        RouteHit fromTrie = trie.find(request, ORDER);
        if (fromTrie != null) {
            return fromTrie;
        }
        for (CompiledMatch m : regexes) {
            if (m.pathRegexMatches(path) && m.predicatesHold(request)) {
                return new RouteHit(m.rule(), m.match(), Map.of(), path);
            }
        }
        return null;
    }
}
