package dev.portico.dataplane.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portico.dataplane.filter.GatewayException;
import org.junit.jupiter.api.Test;

class PathNormalizerTest {
    private static String path(String target) {
        return PathNormalizer.normalize(target).path();
    }

    @Test
    void dotSegmentsResolveAndNeverClimbAboveTheRoot() {
        assertThat(path("/a/b/../c")).isEqualTo("/a/c");
        assertThat(path("/a/./b/.")).isEqualTo("/a/b/");
        assertThat(path("/../../etc/passwd")).isEqualTo("/etc/passwd");
        assertThat(path("/a/%2E%2e/b")).isEqualTo("/b");
        assertThat(path("/a/..")).isEqualTo("/");
    }

    @Test
    void slashesMergeAndTrailingSlashIsKept() {
        assertThat(path("//a///b//")).isEqualTo("/a/b/");
        assertThat(path("/")).isEqualTo("/");
    }

    @Test
    void unreservedEscapesAreDecodedOthersKeptUpperCased() {
        assertThat(path("/%7euser/%41")).isEqualTo("/~user/A");
        assertThat(path("/a%20b/%3f")).isEqualTo("/a%20b/%3F");
    }

    @Test
    void queryIsSeparatedAndKeptVerbatim() {
        PathNormalizer.Target t = PathNormalizer.normalize("/a/../b?x=%2F&y=1");
        assertThat(t.path()).isEqualTo("/b");
        assertThat(t.query()).isEqualTo("x=%2F&y=1");
    }

    @Test
    void absoluteFormYieldsAuthorityAndPath() {
        PathNormalizer.Target t = PathNormalizer.normalize("http://api.example:8080/x/./y?q");
        assertThat(t.authority()).isEqualTo("api.example:8080");
        assertThat(t.path()).isEqualTo("/x/y");
        assertThat(PathNormalizer.normalize("http://api.example").path()).isEqualTo("/");
    }

    @Test
    void ambiguousOrHostileTargetsAreRefused() {
        for (String bad : new String[] {"/a%2fb", "/a%5Cb", "/a\\b", "/a%00", "/a\u0001", "/a#b", "/a b", "/%zz",
                "/a%2", "*"}) {
            assertThatThrownBy(() -> PathNormalizer.normalize(bad)).as(bad)
                    .isInstanceOf(GatewayException.class)
                    .satisfies(e -> assertThat(((GatewayException) e).status()).isEqualTo(400));
        }
    }
}
