package dev.portico.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The dashboard queries only metrics the components register, and the operations guide names the same ones. */
class GrafanaDashboardTest {
    private static final String DASHBOARD = "deploy/grafana/portico-dashboard.json";
    private static final Pattern METRIC = Pattern.compile("portico_[a-z_]+");
    // what Micrometer's Prometheus naming adds to a meter's name
    private static final List<String> SUFFIXES = List.of("_seconds_bucket", "_seconds_count", "_seconds_sum",
            "_seconds_max", "_seconds", "_total", "_bucket", "_count", "_sum", "_max");

    @Test
    void everyQueriedMetricIsRegisteredByTheOperatorOrTheDataPlane() {
        String sources = mainSources();
        assertThat(queriedMetrics()).isNotEmpty().allSatisfy(metric -> assertThat(meterNames(metric))
                .as("%s: no meter named any of these in operator/ or dataplane/ sources", metric)
                .anyMatch(name -> sources.contains("\"" + name + "\"")));
    }

    @Test
    void operationsGuideListsExactlyTheDashboardsMetrics() {
        Set<String> documented = new TreeSet<>();
        String guide = Repo.read("docs/operations.md");
        String metricsSection = guide.substring(guide.indexOf("## Metrics"), guide.indexOf("## Reading status"));
        Matcher matcher = METRIC.matcher(metricsSection);
        while (matcher.find()) {
            documented.add(matcher.group());
        }
        assertThat(documented).isEqualTo(queriedMetrics());
    }

    @Test
    void panelsHaveUniqueIdsAndUseTheDatasourceVariable() {
        JsonNode dashboard = dashboard();
        assertThat(dashboard.get("uid").asText()).isNotBlank();
        List<Integer> ids = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            ids.add(panel.get("id").asInt());
            if (panel.has("targets")) {
                assertThat(panel.get("datasource").get("uid").asText()).as(panel.get("title").asText())
                        .isEqualTo("${datasource}");
            }
        }
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(dashboard.get("templating").get("list").get(0).get("name").asText()).isEqualTo("datasource");
    }

    private static Set<String> queriedMetrics() {
        Set<String> metrics = new TreeSet<>();
        for (JsonNode panel : dashboard().get("panels")) {
            if (panel.has("targets")) {
                for (JsonNode target : panel.get("targets")) {
                    Matcher matcher = METRIC.matcher(target.get("expr").asText());
                    while (matcher.find()) {
                        metrics.add(matcher.group());
                    }
                }
            }
        }
        return metrics;
    }

    private static List<String> meterNames(String metric) {
        List<String> names = new ArrayList<>(List.of(metric));
        SUFFIXES.stream().filter(metric::endsWith).forEach(s -> names.add(metric.substring(0, metric.length() - s.length())));
        return names;
    }

    private static JsonNode dashboard() {
        return Serialization.jsonMapper().readTree(Repo.read(DASHBOARD));
    }

    private static String mainSources() {
        StringBuilder all = new StringBuilder();
        for (String dir : List.of("operator/src/main/java", "dataplane/src/main/java")) {
            try (Stream<Path> files = Files.walk(Repo.path(dir))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    all.append(Files.readString(file)).append('\n');
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all.toString();
    }
}
