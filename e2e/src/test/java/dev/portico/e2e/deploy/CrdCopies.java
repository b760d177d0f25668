package dev.portico.e2e.deploy;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The generated CRDs live in crds/*.yml; kustomize refuses files outside its directory and Helm
 * installs only its own crds/, so both keep a byte-identical copy. Run the CRD copy check with
 * {@code -Dportico.crds.sync=true} to refresh the copies after regenerating the CRDs.
 */
final class CrdCopies {
    static final List<String> COPIES = List.of("deploy/kustomize/base/crds", "deploy/helm/portico/crds");

    private CrdCopies() {
    }

    static List<Path> repositoryCrds() {
        return ymlFiles(Repo.path("crds"));
    }

    static List<String> repositoryCrdNames() {
        return repositoryCrds().stream().map(file -> {
            Manifests parsed = Manifests.parse(file.toString(), read(file));
            return parsed.all(CustomResourceDefinition.class).get(0).getMetadata().getName();
        }).toList();
    }

    static List<Path> ymlFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean syncRequested() {
        return Boolean.getBoolean("portico.crds.sync");
    }

    /** Makes every copy directory hold exactly the repository's crds/*.yml. */
    static void sync() {
        try {
            for (String copy : COPIES) {
                Path dir = Files.createDirectories(Repo.path(copy));
                for (Path stale : ymlFiles(dir)) {
                    Files.delete(stale);
                }
                for (Path crd : repositoryCrds()) {
                    Files.copy(crd, dir.resolve(crd.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy crds/*.yml into " + COPIES, e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
