package dev.portico.operator.status;

import dev.portico.api.v1alpha1.GatewayRouteSpec;
import dev.portico.api.v1alpha1.GatewayRouteStatus;
import dev.portico.api.v1alpha1.LastAcceptedRoute;
import dev.portico.operator.resolve.ObjectRef;
import dev.portico.operator.stream.NodeState;
import dev.portico.operator.stream.PublishedSnapshot;
import dev.portico.operator.stream.SnapshotPublisher;
import dev.portico.operator.translate.BackendStatus;
import dev.portico.operator.translate.ConditionFact;
import dev.portico.operator.translate.RouteFacts;
import dev.portico.snapshot.Snapshot;
import dev.portico.snapshot.stream.StreamMessage;
import io.fabric8.kubernetes.api.model.Condition;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StatusFactoryTest {
    private static final ObjectRef SHOP = new ObjectRef("shop", "shop");

    private static RouteFacts facts(long generation, ConditionFact refs) {
        return new RouteFacts(SHOP, "default", generation, ConditionFact.holds("Accepted", "Accepted", ""), refs,
                List.of(new BackendStatus("users", 8080, 3)), List.of(), true, generation, null);
    }

    private static NodeState node(String name, long serving, String rejectedError) {
        return node(name, serving, rejectedError, false);
    }

    private static NodeState node(String name, long serving, String rejectedError, boolean globalRateLimits) {
        // a version store whose clock stands at `serving` ms hands out exactly that version
        PublishedSnapshot snapshot = new SnapshotPublisher(Clock.fixed(Instant.ofEpochMilli(serving), ZoneOffset.UTC), 1)
                .publish(Snapshot.empty("default"));
        return new NodeState(name, name, "default", Instant.EPOCH, snapshot, serving, rejectedError == null ? -1 : 99,
                rejectedError, true, globalRateLimits, List.of(), null);
    }

    private static NodeState withJwks(NodeState n, StreamMessage.JwksFailure... failures) {
        return reporting(n, List.of(failures), n.redisError());
    }

    private static NodeState redisDown(NodeState n, String error) {
        return reporting(n, n.jwksFailures(), error);
    }

    /** {@code n} after health reports: these JWKS failures, this Redis error. */
    private static NodeState reporting(NodeState n, List<StreamMessage.JwksFailure> jwks, String redisError) {
        return new NodeState(n.connection(), n.node(), n.gateway(), n.connectedSince(), n.serving(), n.servingLabel(),
                n.rejectedVersion(), n.rejectedError(), true, n.globalRateLimits(), jwks, redisError);
    }

    private static Condition condition(GatewayRouteStatus status, String type) {
        return status.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
    }

    private static Clock at(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }

    @Test
    void transitionTimeMovesOnlyWhenTheStatusFlips() {
        ConditionFact ok = ConditionFact.holds("ResolvedRefs", "ResolvedRefs", "");
        ConditionFact missing = ConditionFact.fails("ResolvedRefs", "BackendNotFound", "service shop/users not found");
        Programmed pending = new Programmed(ConditionFact.fails("Programmed", "NoDataPlanes", "none"), 0, 0, 5);

        GatewayRouteStatus first = new StatusFactory(at("2026-11-26T05:00:00Z")).route(null, facts(1, missing), pending);
        assertThat(condition(first, "ResolvedRefs").getLastTransitionTime()).isEqualTo("2026-11-26T05:00:00Z");

        // same status, new generation and message: the time stays
        ConditionFact stillMissing = ConditionFact.fails("ResolvedRefs", "BackendNotFound", "service shop/x not found");
        GatewayRouteStatus second = new StatusFactory(at("2026-11-26T05:01:00Z")).route(first, facts(2, stillMissing),
                pending);
        assertThat(condition(second, "ResolvedRefs").getLastTransitionTime()).isEqualTo("2026-11-26T05:00:00Z");
        assertThat(condition(second, "ResolvedRefs").getObservedGeneration()).isEqualTo(2L);

        GatewayRouteStatus third = new StatusFactory(at("2026-11-26T05:02:00Z")).route(second, facts(2, ok), pending);
        assertThat(condition(third, "ResolvedRefs").getLastTransitionTime()).isEqualTo("2026-11-26T05:02:00Z");
        assertThat(condition(third, "Accepted").getLastTransitionTime()).isEqualTo("2026-11-26T05:00:00Z");
    }

    @Test
    void lastAcceptedIsInStatusOnlyWhileAnOlderGenerationIsServedInPlaceOfTheCurrent() {
        StatusFactory factory = new StatusFactory(at("2026-11-26T05:00:00Z"));
        Programmed programmed = ProgrammedJudge.judge("default", "generation 1", 5, List.of(node("a", 5, null)));
        GatewayRouteSpec spec = new GatewayRouteSpec();
        spec.setGateway("default");
        RouteFacts refused = new RouteFacts(SHOP, "default", 2, ConditionFact.fails("Accepted", "Invalid", "bad"),
                ConditionFact.holds("ResolvedRefs", "ResolvedRefs", ""), List.of(), List.of(), true, 1, spec);
        GatewayRouteStatus status = factory.route(null, refused, programmed);
        assertThat(status.getLastAccepted()).isEqualTo(new LastAcceptedRoute(1L, spec));
        assertThat(status).isNotEqualTo(factory.route(null, facts(2, ConditionFact.holds("ResolvedRefs",
                "ResolvedRefs", "")), programmed));

        assertThat(factory.route(status, facts(3, ConditionFact.holds("ResolvedRefs", "ResolvedRefs", "")),
                programmed).getLastAccepted()).isNull();
    }

    @Test
    void anUnchangedWorldBuildsAnEqualStatusSoNothingIsWritten() {
        Clock clock = at("2026-11-26T05:00:00Z");
        Programmed programmed = ProgrammedJudge.judge("default", "generation 1", 5, List.of(node("a", 5, null)));
        GatewayRouteStatus first = new StatusFactory(clock).route(null, facts(1, ConditionFact.holds("ResolvedRefs",
                "ResolvedRefs", "")), programmed);
        GatewayRouteStatus again = new StatusFactory(at("2026-11-26T06:00:00Z")).route(first,
                facts(1, ConditionFact.holds("ResolvedRefs", "ResolvedRefs", "")), programmed);
        assertThat(again).isEqualTo(first);
        assertThat(first.getDataPlanes().getSummary()).isEqualTo("1/1");
        assertThat(first.getBackends()).singleElement().satisfies(b -> assertThat(b.getReadyEndpoints()).isEqualTo(3));
    }

    @Test
    void programmedNeedsEveryConnectedDataPlaneAtOrPastTheVersionThatCarriedTheGeneration() {
        assertThat(ProgrammedJudge.judge("default", "generation 4", 57, List.of()).condition().reason())
                .isEqualTo("NoDataPlanes");

        Programmed both = ProgrammedJudge.judge("default", "generation 4", 57,
                List.of(node("a", 57, null), node("b", 60, null)));
        assertThat(both.condition().status()).isEqualTo("True");
        assertThat(both.condition().message()).isEqualTo("2/2 data planes serve generation 4 (snapshot 57)");
        assertThat(both.summary()).isEqualTo("2/2");

        Programmed pending = ProgrammedJudge.judge("default", "generation 4", 57,
                List.of(node("a", 57, null), node("b", 56, null)));
        assertThat(pending.condition().reason()).isEqualTo("Pending");
        assertThat(pending.summary()).isEqualTo("1/2");

        Programmed rejected = ProgrammedJudge.judge("default", "generation 4", 57,
                List.of(node("a", 57, null), node("b", 56, "regex does not compile")));
        assertThat(rejected.condition().reason()).isEqualTo("Rejected");
        assertThat(rejected.condition().message()).contains("b").contains("regex does not compile");
    }

    @Test
    void aGenerationNotAcceptedIsNeverProgrammedAndNamesTheGenerationServedInstead() {
        List<NodeState> nodes = List.of(node("a", 57, null), node("b", 60, null));
        Programmed lastAccepted = ProgrammedJudge.judge("default", ProgrammedJudge.what(3, 2), 57, nodes);
        Programmed verdict = ProgrammedJudge.notAccepted(3, 2, lastAccepted, nodes.size());
        assertThat(verdict.condition().status()).isEqualTo("False");
        assertThat(verdict.condition().reason()).isEqualTo("NotAccepted");
        assertThat(verdict.condition().message()).isEqualTo("generation 3 is not accepted (see Accepted); "
                + "2/2 data planes serve generation 2, the last accepted (snapshot 57)");
        assertThat(verdict.summary()).isEqualTo("2/2 (gen 2)");

        Programmed stillPending = ProgrammedJudge.notAccepted(3, 2, ProgrammedJudge.judge("default",
                ProgrammedJudge.what(3, 2), 57, List.of(node("a", 56, null))), 1);
        assertThat(stillPending.condition().reason()).isEqualTo("NotAccepted");
        assertThat(stillPending.condition().message()).contains("0/1 data planes serve generation 2, the last accepted; "
                + "waiting for [a]");

        Programmed nothing = ProgrammedJudge.notAccepted(1, -1, null, 2);
        assertThat(nothing.condition().message()).isEqualTo("generation 1 is not accepted (see Accepted); "
                + "nothing of it is served");
        assertThat(nothing.summary()).isEqualTo("0/2");
    }

    @Test
    void aPolicyWhoseTargetsServeNothingSaysTargetNotServedNotPending() {
        assertThat(ProgrammedJudge.combine(List.of()).condition().reason()).isEqualTo("TargetNotServed");
        assertThat(ProgrammedJudge.targetNotServed("no target route of gateway default is served", 1).condition()
                .reason()).isEqualTo("TargetNotServed");
    }

    @Test
    void aGlobalPolicyServedByADataPlaneWithoutRedisSaysCountersNotSharedOnlyOnceEverythingElseHolds() {
        List<NodeState> mixed = List.of(node("b", 7, null, false), node("a", 7, null, true), node("c", 7, null, false));
        Programmed served = ProgrammedJudge.judge("edge", "generation 1", 7, mixed);
        Programmed global = ProgrammedJudge.sharedCounters("edge", served, mixed);
        assertThat(global.condition().status()).isEqualTo("False");
        assertThat(global.condition().reason()).isEqualTo("CountersNotShared");
        assertThat(global.condition().message()).isEqualTo("scope Global needs data planes started with --redis, "
                + "but 2/3 of gateway edge run without: [b, c] count the limits each alone, so the group lets through"
                + " up to 3x a limit");
        assertThat(global.summary()).isEqualTo("1/3");

        List<NodeState> shared = List.of(node("a", 7, null, true), node("b", 7, null, true));
        Programmed allShared = ProgrammedJudge.judge("edge", "generation 1", 7, shared);
        assertThat(ProgrammedJudge.sharedCounters("edge", allShared, shared)).isEqualTo(allShared);

        // alone in its group, a data plane without Redis counts exactly: programmed, and the message says how
        List<NodeState> single = List.of(node("a", 7, null, false));
        Programmed one = ProgrammedJudge.sharedCounters("edge", ProgrammedJudge.judge("edge", "generation 1", 7, single),
                single);
        assertThat(one.condition().status()).isEqualTo("True");
        assertThat(one.condition().message()).isEqualTo("1/1 data planes serve generation 1 (snapshot 7); a has no "
                + "--redis and counts the limits alone, exact while it is the only data plane of gateway edge");
        assertThat(one.summary()).isEqualTo("1/1");

        // a data plane still behind speaks first: Pending, not CountersNotShared
        List<NodeState> behind = List.of(node("a", 5, null, false));
        Programmed pending = ProgrammedJudge.judge("edge", "generation 1", 7, behind);
        assertThat(ProgrammedJudge.sharedCounters("edge", pending, behind).condition().reason()).isEqualTo("Pending");
    }

    @Test
    void aRouteWhoseJwksUriGivesADataPlaneNoKeySaysJwksUnavailableAndOneThatKeepsOldKeysStaysProgrammed() {
        String uri = "https://id.example/jwks.json";
        List<NodeState> nodes = List.of(withJwks(node("b", 7, null), new StreamMessage.JwksFailure(uri, 0,
                "Connection refused")), node("a", 7, null), withJwks(node("c", 7, null),
                new StreamMessage.JwksFailure("https://other.example/jwks.json", 0, "answered 503")));
        Programmed served = ProgrammedJudge.judge("edge", "generation 1", 7, nodes);
        Programmed keyless = ProgrammedJudge.keysFetched("edge", served, uri, nodes);
        assertThat(keyless.condition().status()).isEqualTo("False");
        assertThat(keyless.condition().reason()).isEqualTo("JwksUnavailable");
        assertThat(keyless.condition().message()).isEqualTo("auth.jwt.jwks.uri \"" + uri + "\" gives no usable key "
                + "to 1/3 data planes of gateway edge, which refuse every token on this route with 401: "
                + "[b: Connection refused]");
        assertThat(keyless.summary()).isEqualTo("2/3");

        // keys from an earlier fetch still verify: programmed, and the message says who could not refresh
        List<NodeState> stale = List.of(withJwks(node("a", 7, null), new StreamMessage.JwksFailure(uri, 2,
                "answered 503")));
        Programmed kept = ProgrammedJudge.keysFetched("edge", ProgrammedJudge.judge("edge", "generation 1", 7, stale),
                uri, stale);
        assertThat(kept.condition().status()).isEqualTo("True");
        assertThat(kept.condition().message()).isEqualTo("1/1 data planes serve generation 1 (snapshot 7); 1/1 could "
                + "not refresh auth.jwt.jwks.uri and verify with the keys fetched before: [a: answered 503]");

        // no JWKS URI, or a verdict that already fails: unchanged
        assertThat(ProgrammedJudge.keysFetched("edge", served, null, nodes)).isEqualTo(served);
        List<NodeState> behind = List.of(withJwks(node("a", 5, null), new StreamMessage.JwksFailure(uri, 0, "x")));
        assertThat(ProgrammedJudge.keysFetched("edge", ProgrammedJudge.judge("edge", "generation 1", 7, behind), uri,
                behind).condition().reason()).isEqualTo("Pending");
    }

    @Test
    void aGlobalPolicyWhoseRedisDoesNotAnswerSomeDataPlaneSaysCountersUnavailable() {
        List<NodeState> nodes = List.of(redisDown(node("b", 7, null, true), "Connection refused"),
                node("a", 7, null, true));
        Programmed shared = ProgrammedJudge.sharedCounters("edge", ProgrammedJudge.judge("edge", "generation 1", 7,
                nodes), nodes);
        Programmed cut = ProgrammedJudge.countersReachable("edge", shared, nodes);
        assertThat(cut.condition().status()).isEqualTo("False");
        assertThat(cut.condition().reason()).isEqualTo("CountersUnavailable");
        assertThat(cut.condition().message()).isEqualTo("Redis does not answer 1/2 data planes of gateway edge "
                + "[b: Connection refused]: until it does, each limit's failureMode decides there (Open lets every "
                + "request through, Closed answers 503)");
        assertThat(cut.summary()).isEqualTo("1/2");

        List<NodeState> answering = List.of(node("a", 7, null, true));
        Programmed fine = ProgrammedJudge.judge("edge", "generation 1", 7, answering);
        assertThat(ProgrammedJudge.countersReachable("edge", fine, answering)).isEqualTo(fine);
        // data planes without Redis at all speak first (CountersNotShared), and pending ones before them
        List<NodeState> without = List.of(node("a", 7, null, false), redisDown(node("b", 7, null, true), "x"));
        assertThat(ProgrammedJudge.countersReachable("edge", ProgrammedJudge.sharedCounters("edge",
                ProgrammedJudge.judge("edge", "generation 1", 7, without), without), without).condition().reason())
                .isEqualTo("CountersNotShared");
    }
}
