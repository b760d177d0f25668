/**
 * Snapshot to router: {@link dev.portico.dataplane.routing.RouterCompiler} validates a snapshot and builds an
 * immutable {@link dev.portico.dataplane.routing.Router}: exact hosts in a map, {@code *.suffix} wildcards looked up
 * by label suffix (longest first), then host-less routes; per host tier a path index (exact-path map, a segment
 * trie for PathPrefix and Template, regular expressions last) whose candidates are ordered by
 * {@link dev.portico.snapshot.MatchPrecedence#ORDER}; the first candidate whose method, header and query predicates
 * hold wins. A tier with no winner falls through to the next (exact host, wildcard, any host). Only after a miss,
 * a second walk that ignores the predicates says what of the request did not match ({@code RouteMiss}). Every part of a
 * router is immutable and persistent: {@link dev.portico.dataplane.routing.RouterCompiler#compile(Router,
 * dev.portico.snapshot.Snapshot)} builds the next router from the serving one, compiling only the routes that changed
 * and copying only the index nodes on their paths.
 */
package dev.portico.dataplane.routing;
