package dev.portico.dataplane.routing;

import dev.portico.snapshot.MatchPrecedence;
import dev.portico.snapshot.PathMatch;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The path index of one host tier: exact paths in a map, PathPrefix and Template in a segment trie,
 * regular expressions last. Candidates come out in {@link MatchPrecedence#ORDER}, and the first
 * whose method/header/query predicates hold wins. Immutable: {@link #with} and {@link #without} copy
 * only what the one match's path touches.
 */
final class PathIndex {
    static final PathIndex EMPTY = new PathIndex(HashTrie.empty(), SegmentTrie.EMPTY, Candidates.NONE, 0);

    private final HashTrie<CompiledMatch[]> exact;
    private final SegmentTrie trie;
    private final CompiledMatch[] regexes;
    private final int size;

    private PathIndex(HashTrie<CompiledMatch[]> exact, SegmentTrie trie, CompiledMatch[] regexes, int size) {
        this.exact = exact;
        this.trie = trie;
        this.regexes = regexes;
        this.size = size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    PathIndex with(CompiledMatch m) {
        PathMatch path = m.match().path();
        return switch (path.type()) {
            case Exact -> new PathIndex(exact.with(path.value(),
                    Candidates.insert(exactAt(path.value()), m)), trie, regexes, size + 1);
            case PathPrefix -> new PathIndex(exact, trie.withPrefix(path.value(), m), regexes, size + 1);
            case Template -> new PathIndex(exact, trie.withTemplate(path.value(), m), regexes, size + 1);
            case RegularExpression -> new PathIndex(exact, trie, Candidates.insert(regexes, m), size + 1);
        };
    }

    /** This index without {@code m}, the very instance {@link #with} was given. */
    PathIndex without(CompiledMatch m) {
        if (size == 1) {
            return EMPTY;
        }
        PathMatch path = m.match().path();
        return switch (path.type()) {
            case Exact -> {
                CompiledMatch[] left = Candidates.remove(exactAt(path.value()), m);
                yield new PathIndex(left.length == 0 ? exact.without(path.value()) : exact.with(path.value(), left),
                        trie, regexes, size - 1);
            }
            case PathPrefix -> new PathIndex(exact, trie.withoutPrefix(path.value(), m), regexes, size - 1);
            case Template -> new PathIndex(exact, trie.withoutTemplate(path.value(), m), regexes, size - 1);
            case RegularExpression -> new PathIndex(exact, trie, Candidates.remove(regexes, m), size - 1);
        };
    }

    private CompiledMatch[] exactAt(String path) {
        CompiledMatch[] at = exact.get(path);
        return at == null ? Candidates.NONE : at;
    }

    RouteHit find(RouteRequest request) {
        String path = request.path();
        if (!exact.isEmpty()) {
            CompiledMatch[] exactHits = exact.get(path);
            if (exactHits != null) {
                for (CompiledMatch m : exactHits) {
                    if (m.predicatesHold(request)) {
                        return m.fixedHit();
                    }
                }
            }
        }
        if (!trie.isEmpty()) {
            RouteHit fromTrie = trie.find(request);
            if (fromTrie != null) {
                return fromTrie;
            }
        }
        for (CompiledMatch m : regexes) {
            if (m.pathRegexMatches(path) && m.predicatesHold(request)) {
                return new RouteHit(m.rule(), m.match(), Map.of(), path);
            }
        }
        return null;
    }

    /** Adds every match whose path fits {@code path}, whatever its predicates say (to explain a miss). */
    void pathMatches(String path, List<CompiledMatch> out) {
        Collections.addAll(out, exactAt(path));
        trie.pathMatches(path, out);
        for (CompiledMatch m : regexes) {
            if (m.pathRegexMatches(path)) {
                out.add(m);
            }
        }
    }
}
