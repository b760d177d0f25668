package dev.portico.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CrdCopiesTest {
    private static final String HOW_TO_FIX = "refresh the copies: ./mvnw -B -o -pl e2e verify "
            + "-Dtest=CrdCopiesTest -Dportico.crds.sync=true";

    @BeforeAll
    static void syncWhenAsked() {
        if (CrdCopies.syncRequested()) {
            CrdCopies.sync();
        }
    }

    @Test
    void repositoryHasGeneratedCrds() {
        assertThat(CrdCopies.repositoryCrds()).as("crds/*.yml").isNotEmpty();
    }

    @Test
    void kustomizeAndHelmCopiesAreIdenticalToTheRepositoryCrds() {
        for (String copy : CrdCopies.COPIES) {
            assertThat(CrdCopies.ymlFiles(Repo.path(copy))).as(copy + " files; " + HOW_TO_FIX)
                    .extracting(Path::getFileName).extracting(Path::toString)
                    .containsExactlyElementsOf(CrdCopies.repositoryCrds().stream()
                            .map(p -> p.getFileName().toString()).toList());
            for (Path crd : CrdCopies.repositoryCrds()) {
                assertThat(CrdCopies.read(Repo.path(copy).resolve(crd.getFileName())))
                        .as(copy + "/" + crd.getFileName() + " differs from crds/" + crd.getFileName() + "; " + HOW_TO_FIX)
                        .isEqualTo(CrdCopies.read(crd));
            }
        }
    }
}
