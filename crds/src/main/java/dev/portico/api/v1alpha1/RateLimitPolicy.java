package dev.portico.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Token-bucket rate limits applied to GatewayRoutes or single rules of them
 * ({@code portico.dev/v1alpha1}, short name {@code rlp}).
 */
@Group(GatewayRoute.GROUP)
@Version(GatewayRoute.VERSION)
@Plural("ratelimitpolicies")
@ShortNames("rlp")
@Categories("portico")
@AdditionalPrinterColumn(name = "TARGETS", jsonPath = ".spec.targetRefs[*].name", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "SCOPE", jsonPath = ".spec.scope", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "ACCEPTED", jsonPath = ".status.conditions[?(@.type==\"Accepted\")].status",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "PROGRAMMED", jsonPath = ".status.conditions[?(@.type==\"Programmed\")].status",
        type = AdditionalPrinterColumn.Type.STRING)
// -o wide: a policy whose targets are partly missing
@AdditionalPrinterColumn(name = "RESOLVED", jsonPath = ".status.conditions[?(@.type==\"ResolvedRefs\")].status",
        type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@SchemaCustomizer(value = SchemaOverlay.class, input = RateLimitPolicy.DESCRIPTIONS)
public class RateLimitPolicy extends CustomResource<RateLimitPolicySpec, RateLimitPolicyStatus> implements Namespaced {

    /** Descriptions of the resource, its spec and its status for {@code kubectl explain}. */
    static final String DESCRIPTIONS = "{\"description\":\"RateLimitPolicy applies token-bucket rate limits to GatewayRoutes or single rules of them, counted per data plane (Local) or shared in Redis (Global).\",\"properties\":{\"spec\":{\"description\":\"Desired limits: targets, scope, failure mode and limits.\"},\"status\":{\"description\":\"Observed state written by the operator: conditions.\"}}}";
}
