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
 * A set of HTTP routing rules served by the data planes of one gateway group
 * ({@code portico.dev/v1alpha1}, short name {@code gr}).
 */
@Group(GatewayRoute.GROUP)
@Version(GatewayRoute.VERSION)
@Plural("gatewayroutes")
@ShortNames("gr")
@Categories("portico")
@AdditionalPrinterColumn(name = "HOSTS", jsonPath = ".spec.hosts", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "ACCEPTED", jsonPath = ".status.conditions[?(@.type==\"Accepted\")].status",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "PROGRAMMED", jsonPath = ".status.conditions[?(@.type==\"Programmed\")].status",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "DATAPLANES", jsonPath = ".status.dataPlanes.summary",
        type = AdditionalPrinterColumn.Type.STRING)
// -o wide: a route can be Accepted and Programmed while a backend or Secret it names is missing (500/401 for it)
@AdditionalPrinterColumn(name = "RESOLVED", jsonPath = ".status.conditions[?(@.type==\"ResolvedRefs\")].status",
        type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@SchemaCustomizer(value = SchemaOverlay.class, input = GatewayRoute.DESCRIPTIONS)
public class GatewayRoute extends CustomResource<GatewayRouteSpec, GatewayRouteStatus> implements Namespaced {

    public static final String GROUP = "portico.dev";
    public static final String VERSION = "v1alpha1";

    /** Descriptions of the resource, its spec and its status for {@code kubectl explain}. */
    static final String DESCRIPTIONS = "{\"description\":\"GatewayRoute routes HTTP requests for some hosts to Services, proxied to weighted backends or aggregated from several; served by the Portico data planes of one gateway group.\",\"properties\":{\"spec\":{\"description\":\"Desired routing: gateway group, hosts, authentication and rules.\"},\"status\":{\"description\":\"Observed state written by the operator: conditions, data planes serving this generation, ready endpoints of backends.\"}}}";
}
