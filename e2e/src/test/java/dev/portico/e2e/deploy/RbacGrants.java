package dev.portico.e2e.deploy;

import dev.portico.operator.ops.ApiPermissions.Permission;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** RBAC rules flattened into the (apiGroup, resource, verb) triples they grant. */
final class RbacGrants {
    private RbacGrants() {
    }

    static Set<String> of(List<PolicyRule> rules) {
        Set<String> grants = new TreeSet<>();
        for (PolicyRule rule : rules) {
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        grants.add(triple(group, resource, verb));
                    }
                }
            }
        }
        return grants;
    }

    static Set<String> of(Stream<Permission> permissions) {
        Set<String> grants = new TreeSet<>();
        permissions.forEach(p -> grants.add(triple(p.apiGroup(), p.resource(), p.verb())));
        return grants;
    }

    /** Everything in the rules that is broader than a plain list: wildcards, URLs, names, aggregation. */
    static List<String> broadeners(List<PolicyRule> rules) {
        List<String> found = new ArrayList<>();
        for (PolicyRule rule : rules) {
            Stream.of(rule.getApiGroups(), rule.getResources(), rule.getVerbs()).flatMap(List::stream)
                    .filter(value -> value.contains("*")).forEach(value -> found.add("wildcard " + value));
            if (!rule.getNonResourceURLs().isEmpty()) {
                found.add("nonResourceURLs " + rule.getNonResourceURLs());
            }
            if (!rule.getResourceNames().isEmpty()) {
                found.add("resourceNames " + rule.getResourceNames());
            }
        }
        return found;
    }

    private static String triple(String group, String resource, String verb) {
        return (group.isEmpty() ? "core" : group) + " " + resource + " " + verb;
    }
}
