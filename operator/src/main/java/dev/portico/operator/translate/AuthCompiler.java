package dev.portico.operator.translate;

import dev.portico.api.v1alpha1.ApiKeyValidation;
import dev.portico.api.v1alpha1.JwtValidation;
import dev.portico.api.v1alpha1.RouteAuth;
import dev.portico.operator.resolve.ResolvedRoute;
import dev.portico.snapshot.ApiKeyAuth;
import dev.portico.snapshot.Auth;
import dev.portico.snapshot.JwtAuth;

import java.util.List;

/**
 * {@code spec.auth} → snapshot {@link Auth}. An unresolved Secret fails closed: the method stays in force
 * with no keys, so every credential is refused (401) instead of the route going open.
 */
final class AuthCompiler {

    /** A JWK Set that verifies nothing: what a route gets while its JWKS Secret is missing or invalid. */
    static final String NO_KEYS = "{\"keys\":[]}";

    private AuthCompiler() {
    }

    static Auth compile(ResolvedRoute resolved, List<SpecProblem> problems) {
        RouteAuth spec = resolved.route().getSpec().getAuth();
        if (spec == null || (spec.getJwt() == null && spec.getApiKeys() == null)) {
            return null;
        }
        JwtAuth jwt = spec.getJwt() == null ? null : jwt(spec.getJwt(), resolved, problems);
        ApiKeyAuth apiKeys = spec.getApiKeys() == null ? null : apiKeys(spec.getApiKeys(), resolved, problems);
        return new Auth(jwt, apiKeys);
    }

    private static JwtAuth jwt(JwtValidation spec, ResolvedRoute resolved, List<SpecProblem> problems) {
        String field = "spec.auth.jwt";
        if (spec.getIssuer() == null || spec.getIssuer().isEmpty()) {
            problems.add(SpecProblem.invalid(field + ".issuer", "is required"));
        }
        var source = spec.getJwks();
        boolean bySecret = source != null && source.getSecretRef() != null;
        boolean byUri = source != null && source.getUri() != null && !source.getUri().isEmpty();
        if (bySecret == byUri) {
            problems.add(SpecProblem.invalid(field + ".jwks", "needs exactly one of secretRef or uri"));
            return null;
        }
        String jwks = null;
        if (bySecret) {
            jwks = resolved.jwks() != null && resolved.jwks().json() != null ? resolved.jwks().json() : NO_KEYS;
        }
        List<JwtAuth.ClaimToHeader> claims = spec.getClaimsToHeaders() == null ? List.of()
                : spec.getClaimsToHeaders().stream().map(c -> new JwtAuth.ClaimToHeader(c.getClaim(), c.getHeader())).toList();
        for (int i = 0; i < claims.size(); i++) {
            if (claims.get(i).claim() == null || claims.get(i).header() == null) {
                problems.add(SpecProblem.invalid(field + ".claimsToHeaders[" + i + "]", "claim and header are required"));
            }
        }
        return new JwtAuth(spec.getIssuer(), spec.getAudiences(), jwks, byUri ? source.getUri() : null, claims,
                Boolean.TRUE.equals(spec.getForwardToken()));
    }

    private static ApiKeyAuth apiKeys(ApiKeyValidation spec, ResolvedRoute resolved, List<SpecProblem> problems) {
        if (spec.getSecretRef() == null || spec.getSecretRef().getName() == null) {
            problems.add(SpecProblem.invalid("spec.auth.apiKeys.secretRef", "is required"));
            return null;
        }
        ApiKeyAuth.In in = spec.getIn() == null ? ApiKeyAuth.In.Header : ApiKeyAuth.In.valueOf(spec.getIn().name());
        List<ApiKeyAuth.Client> clients = resolved.apiKeys() == null ? List.of() : resolved.apiKeys().clients();
        return new ApiKeyAuth(in, spec.getName(), clients);
    }
}
