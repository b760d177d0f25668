package dev.portico.snapshot;

/** Optional path and Host rewrites; {@code {var}} captures of a Template match may appear in values. */
public record Rewrite(PathRewrite path, String host) {

    public record PathRewrite(Type type, String value) {
        public enum Type { ReplacePrefixMatch, ReplaceFullPath }
    }
}
