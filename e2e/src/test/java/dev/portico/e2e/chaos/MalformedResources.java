package dev.portico.e2e.chaos;

import java.util.ArrayList;
import java.util.List;

/**
 * Forty custom resources that are wrong, each with the answer api-v1alpha1.md documents for it:
 * what the CRD schema can express is refused by the API server with a 422 naming the field; the rest
 * is accepted and the operator reports it on a status condition naming the field or reference.
 */
final class MalformedResources {
    /** Refused at the API: 422, and the message names {@code field}. */
    record Refused(String name, String yaml, String field) {
    }

    /** Accepted by the API; the operator sets {@code type}=False with {@code reason}, message naming {@code names}. */
    record Reported(String kind, String name, String yaml, String type, String reason, String names) {
    }

    private MalformedResources() {
    }

    static List<Refused> refused() {
        List<Refused> r = new ArrayList<>();
        r.add(new Refused("weight-negative", rule("backends: [{service: good, port: 80, weight: -1}]"),
                "spec.rules[0].backends[0].weight"));
        r.add(new Refused("weight-huge", rule("backends: [{service: good, port: 80, weight: 1000001}]"),
                "spec.rules[0].backends[0].weight"));
        r.add(new Refused("port-zero", rule("backends: [{service: good, port: 0}]"), "spec.rules[0].backends[0].port"));
        r.add(new Refused("port-too-big", rule("backends: [{service: good, port: 65536}]"),
                "spec.rules[0].backends[0].port"));
        r.add(new Refused("port-missing", rule("backends: [{service: good}]"), "spec.rules[0].backends[0].port"));
        r.add(new Refused("service-uppercase", rule("backends: [{service: Good_Service, port: 80}]"),
                "spec.rules[0].backends[0].service"));
        r.add(new Refused("path-type", rule("matches: [{path: {type: Glob, value: /x}}]\n    backends: " + GOOD),
                "spec.rules[0].matches[0].path.type"));
        r.add(new Refused("path-relative", rule("matches: [{path: {type: PathPrefix, value: relative}}]\n    backends: "
                + GOOD), "spec.rules[0].matches[0].path.value"));
        r.add(new Refused("method", rule("matches: [{method: FETCH}]\n    backends: " + GOOD),
                "spec.rules[0].matches[0].method"));
        r.add(new Refused("header-match-type", rule("matches: [{headers: [{name: X-A, type: Fuzzy, value: a}]}]\n"
                + "    backends: " + GOOD), "spec.rules[0].matches[0].headers[0].type"));
        r.add(new Refused("header-match-name", rule("matches: [{headers: [{name: \"X A\", value: a}]}]\n"
                + "    backends: " + GOOD), "spec.rules[0].matches[0].headers[0].name"));
        r.add(new Refused("no-rules", spec("hosts: [a.example]"), "spec.rules"));
        r.add(new Refused("empty-rules", spec("rules: []"), "spec.rules"));
        r.add(new Refused("no-backends", rule("backends: []"), "spec.rules[0].backends"));
        r.add(new Refused("host-uppercase", spec("hosts: [API.Example.COM]\nrules: [{backends: " + GOOD + "}]"),
                "spec.hosts[0]"));
        r.add(new Refused("gateway-name", spec("gateway: Not_Valid\nrules: [{backends: " + GOOD + "}]"),
                "spec.gateway"));
        r.add(new Refused("rule-name", rule("name: Bad_Name\n    backends: " + GOOD), "spec.rules[0].name"));
        r.add(new Refused("timeout", rule("timeout: fast\n    backends: " + GOOD), "spec.rules[0].timeout"));
        r.add(new Refused("retry-attempts", rule("retries: {attempts: -1}\n    backends: " + GOOD),
                "spec.rules[0].retries.attempts"));
        r.add(new Refused("retry-status", rule("retries: {attempts: 1, statusCodes: [700]}\n    backends: " + GOOD),
                "spec.rules[0].retries.statusCodes[0]"));
        r.add(new Refused("load-balancer", rule("loadBalancer: {type: Sticky}\n    backends: " + GOOD),
                "spec.rules[0].loadBalancer.type"));
        r.add(new Refused("rewrite-type", rule("rewrite: {path: {type: Replace, value: /x}}\n    backends: " + GOOD),
                "spec.rules[0].rewrite.path.type"));
        r.add(new Refused("set-header-name", rule("requestHeaders: {set: [{name: \"X Bad\", value: v}]}\n"
                + "    backends: " + GOOD), "spec.rules[0].requestHeaders.set[0].name"));
        r.add(new Refused("set-header-value-crlf", rule("requestHeaders: {set: [{name: X-A, "
                + "value: \"a\\r\\nX-Injected: 1\"}]}\n    backends: " + GOOD), "spec.rules[0].requestHeaders.set[0].value"));
        r.add(new Refused("api-key-location", spec("auth: {apiKeys: {in: Cookie, secretRef: {name: keys}}}\n"
                + "rules: [{backends: " + GOOD + "}]"), "spec.auth.apiKeys.in"));
        r.add(new Refused("policy-scope", policy("scope: Planetary\ntargetRefs: [{kind: GatewayRoute, name: known}]\n"
                + "limits: [{requests: 1, period: 1s, key: {type: Route}}]"), "spec.scope"));
        r.add(new Refused("policy-requests", policy("targetRefs: [{kind: GatewayRoute, name: known}]\n"
                + "limits: [{requests: 0, period: 1s, key: {type: Route}}]"), "spec.limits[0].requests"));
        r.add(new Refused("policy-period", policy("targetRefs: [{kind: GatewayRoute, name: known}]\n"
                + "limits: [{requests: 1, period: forever, key: {type: Route}}]"), "spec.limits[0].period"));
        r.add(new Refused("policy-no-targets", policy("targetRefs: []\n"
                + "limits: [{requests: 1, period: 1s, key: {type: Route}}]"), "spec.targetRefs"));
        return r;
    }

    static List<Reported> reported() {
        List<Reported> r = new ArrayList<>();
        r.add(route("bad-regex", "matches: [{path: {type: RegularExpression, value: \"/re/([a-z\"}}]\n    backends: "
                + GOOD, "Accepted", "Invalid", "spec.rules[0].matches[0].path"));
        r.add(route("bad-template", "matches: [{path: {type: Template, value: \"/tpl/{id\"}}]\n    backends: " + GOOD,
                "Accepted", "Invalid", "spec.rules[0].matches[0].path.value"));
        r.add(route("bad-header-regex", "matches: [{path: {value: /hre}, headers: [{name: X-A, type: RegularExpression,"
                + " value: \"([\"}]}]\n    backends: " + GOOD, "Accepted", "Invalid",
                "spec.rules[0].matches[0].headers[0]"));
        r.add(new Reported("GatewayRoute", "dup-rule-names", spec("""
                rules:
                  - {name: same, matches: [{path: {value: /dup-a}}], backends: %1$s}
                  - {name: same, matches: [{path: {value: /dup-b}}], backends: %1$s}""".formatted(GOOD)),
                "Accepted", "Invalid", "spec.rules[1].name"));
        r.add(route("prefix-rewrite-on-exact", "matches: [{path: {type: Exact, value: /exact}}]\n"
                + "    rewrite: {path: {type: ReplacePrefixMatch, value: /x}}\n    backends: " + GOOD,
                "Accepted", "Invalid", "spec.rules[0].rewrite.path.type"));
        r.add(route("hash-without-key", "matches: [{path: {value: /hash}}]\n    loadBalancer: {type: ConsistentHash}\n"
                + "    backends: " + GOOD, "Accepted", "Invalid", "spec.rules[0].loadBalancer.hash"));
        r.add(new Reported("GatewayRoute", "dup-members", spec("""
                rules:
                  - matches: [{path: {value: /agg}}]
                    aggregate:
                      backends:
                      - {name: a, service: good, port: 80, path: /a}
                      - {name: a, service: good, port: 80, path: /b}"""),
                "Accepted", "Invalid", "spec.rules[0].aggregate.backends[1].name"));
        r.add(route("takes-known-path", "matches: [{path: {type: PathPrefix, value: /known}}]\n    backends: " + GOOD,
                "Accepted", "Conflict", "known"));
        r.add(route("missing-service", "matches: [{path: {value: /ghost}}]\n    backends: [{service: ghost-service, port: 80}]",
                "ResolvedRefs", "BackendNotFound", "ghost-service"));
        r.add(new Reported("GatewayRoute", "missing-secret", spec("""
                auth: {apiKeys: {secretRef: {name: absent-keys}}}
                rules: [{matches: [{path: {value: /locked}}], backends: %s}]""".formatted(GOOD)),
                "ResolvedRefs", "SecretNotFound", "absent-keys"));
        r.add(new Reported("RateLimitPolicy", "period-too-long", policy("""
                targetRefs: [{kind: GatewayRoute, name: known}]
                limits: [{requests: 1, period: 48h, key: {type: Route}}]"""),
                "Accepted", "Invalid", "spec.limits[0].period"));
        r.add(new Reported("RateLimitPolicy", "missing-target", policy("""
                targetRefs: [{kind: GatewayRoute, name: nowhere}]
                limits: [{requests: 1, period: 1s, key: {type: Route}}]"""),
                "ResolvedRefs", "TargetNotFound", "nowhere"));
        return r;
    }

    /** A backend list that is fine: Service good exists. */
    private static final String GOOD = "[{service: good, port: 80}]";

    private static Reported route(String name, String ruleBody, String type, String reason, String names) {
        return new Reported("GatewayRoute", name, spec("rules:\n  - " + ruleBody), type, reason, names);
    }

    private static String rule(String body) {
        return spec("rules:\n  - " + body);
    }

    /** A GatewayRoute whose spec is {@code body} (written unindented); NAME is replaced per case. */
    private static String spec(String body) {
        return "apiVersion: portico.dev/v1alpha1\nkind: GatewayRoute\nmetadata: {name: NAME, namespace: "
                + ChaosBed.NS + "}\nspec:\n  " + body.replace("\n", "\n  ") + "\n";
    }

    private static String policy(String body) {
        return "apiVersion: portico.dev/v1alpha1\nkind: RateLimitPolicy\nmetadata: {name: NAME, namespace: "
                + ChaosBed.NS + "}\nspec:\n  " + body.replace("\n", "\n  ") + "\n";
    }
}
