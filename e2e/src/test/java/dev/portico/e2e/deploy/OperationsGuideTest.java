package dev.portico.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.operator.OperatorOptions;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every command in docs/operations.md names files, images, objects and values that really exist. */
class OperationsGuideTest {
    private static final String GUIDE = Repo.read("docs/operations.md");
    private static final List<String> COMMANDS = commands();
    private static final String VERSION = MavenModule.read("operator").version();

    @Test
    void guideHasTheCommandsOfEveryStep() {
        assertThat(COMMANDS).anyMatch(c -> c.startsWith("kind create cluster"))
                .anyMatch(c -> c.startsWith("kind load docker-image"))
                .anyMatch(c -> c.startsWith("kubectl apply -k deploy/kustomize/"))
                .anyMatch(c -> c.startsWith("helm install portico deploy/helm/portico"))
                .anyMatch(c -> c.startsWith("kubectl get gr"));
    }

    @Test
    void everyRepositoryPathItNamesExists() {
        each(Pattern.compile("(?<![\\w/.<$-])((?:deploy|crds|docs|operator|dataplane|e2e)/[\\w./-]*)"), GUIDE, m -> {
            String path = m.group(1).replaceAll("[.,]+$", "");
            assertThat(Files.exists(Repo.path(path))).as("the guide names %s", path).isTrue();
        });
    }

    @Test
    void dockerBuildCommandsAreTheOnesTheDockerfilesDocument() {
        List<String> builds = COMMANDS.stream().filter(c -> c.startsWith("docker build")).toList();
        assertThat(builds).hasSizeGreaterThanOrEqualTo(2);
        for (String build : builds) {
            String dockerfile = build.split("\\s+")[3];
            String command = build.replace("$TAG", VERSION);
            assertThat(Repo.read(dockerfile).lines().map(l -> l.replaceFirst("^#\\s*", "").strip()))
                    .as("%s documents %s", dockerfile, command).contains(command);
        }
    }

    @Test
    void imagesLoadedIntoTheClusterAreTheImagesBuilt() {
        Set<String> built = new TreeSet<>();
        COMMANDS.stream().filter(c -> c.startsWith("docker build"))
                .forEach(c -> built.add(c.replaceAll(".* -t (\\S+) .*", "$1")));
        List<String> loaded = new ArrayList<>();
        COMMANDS.stream().filter(c -> c.startsWith("kind load docker-image") || c.startsWith("minikube image load"))
                .forEach(c -> each(Pattern.compile("portico/[a-z]+:\\S+"), c, m -> loaded.add(m.group())));
        assertThat(loaded).isNotEmpty().allSatisfy(image -> assertThat(built).contains(image));
        each(Pattern.compile("portico/(operator|dataplane):(\\S+)"), String.join("\n", COMMANDS),
                m -> assertThat(m.group(2)).as(m.group()).isIn(VERSION, "$TAG"));
    }

    @Test
    void objectsTheCommandsNameExistInTheInstall() {
        Manifests install = Manifests.kustomize("deploy/kustomize/overlays/dev");
        Manifests quickstart = Manifests.parse("deploy/quickstart/echo.yaml", Repo.read("deploy/quickstart/echo.yaml"));
        String commands = String.join("\n", COMMANDS);
        each(Pattern.compile("\\bdeployment/([a-z0-9-]+)"), commands, m -> install.get(Deployment.class, m.group(1)));
        each(Pattern.compile("\\bsvc/([a-z0-9-]+)"), commands, m -> install.get(Service.class, m.group(1)));
        each(Pattern.compile("get svc ([a-z0-9-]+)"), commands, m -> install.get(Service.class, m.group(1)));
        each(Pattern.compile("(?:secret generic|delete secret) ([a-z0-9-]+)"), commands, m -> install.get(Secret.class, m.group(1)));
        each(Pattern.compile("get lease ([a-z0-9-]+)"), commands,
                m -> assertThat(m.group(1)).isEqualTo(OperatorOptions.DEFAULT_LEASE_NAME));
        each(Pattern.compile(" -n ([a-z0-9-]+)"), commands, m -> assertThat(m.group(1)).isIn(
                install.all(Namespace.class).get(0).getMetadata().getName(),
                quickstart.all(Namespace.class).get(0).getMetadata().getName()));
        each(Pattern.compile("-l app\\.kubernetes\\.io/component=([a-z]+)"), commands, m ->
                assertThat(install.all(Deployment.class)).anySatisfy(d -> assertThat(d.getSpec().getTemplate()
                        .getMetadata().getLabels()).containsEntry("app.kubernetes.io/component", m.group(1))));
        each(Pattern.compile("set image deployment/([a-z0-9-]+) ([a-z]+)="), commands, m ->
                assertThat(install.get(Deployment.class, m.group(1)).getSpec().getTemplate().getSpec().getContainers())
                        .extracting(Container::getName).contains(m.group(2)));
        each(Pattern.compile("port-forward deployment/([a-z0-9-]+) \\d+:(\\d+)"), commands, m ->
                assertThat(install.get(Deployment.class, m.group(1)).getSpec().getTemplate().getSpec().getContainers()
                        .get(0).getPorts()).extracting(ContainerPort::getContainerPort).contains(Integer.valueOf(m.group(2))));
        each(Pattern.compile("port-forward svc/([a-z0-9-]+) \\d+:(\\d+)"), commands, m ->
                assertThat(install.get(Service.class, m.group(1)).getSpec().getPorts())
                        .extracting(ServicePort::getPort).contains(Integer.valueOf(m.group(2))));
    }

    @Test
    void kustomizeAndHelmCommandsPointAtTheRealDirectoriesAndValues() {
        String commands = String.join("\n", COMMANDS);
        each(Pattern.compile("(?:apply|delete) -k (\\S+)"), commands, m ->
                assertThat(Repo.path(m.group(1)).resolve("kustomization.yaml")).exists());
        each(Pattern.compile("helm (?:install|upgrade) (\\S+) (\\S+)"), commands, m -> {
            assertThat(m.group(1)).as("release name that keeps the kustomize object names").isEqualTo(PorticoChart.RELEASE);
            assertThat(m.group(2)).isEqualTo(PorticoChart.DIR);
        });
        Map<?, ?> values = Serialization.unmarshal(Repo.read(PorticoChart.DIR + "/values.yaml"), Map.class);
        each(Pattern.compile("--set ([\\w.]+)="), GUIDE, m -> assertValue(values, m.group(1)));
        each(Pattern.compile("`((?:operator|dataplane|streamToken|prometheus)\\.[A-Za-z.]+)`"), GUIDE,
                m -> assertValue(values, m.group(1)));
    }

    @Test
    void mavenBuildsTheModulesTheDockerfilesCopy() {
        String build = COMMANDS.stream().filter(c -> c.startsWith("./mvnw")).findFirst().orElseThrow();
        String modules = build.replaceAll(".* -pl (\\S+).*", "$1");
        for (String module : modules.split(",")) {
            assertThat(Repo.path("deploy/docker/" + module + ".Dockerfile")).exists();
        }
        assertThat(modules.split(",")).hasSize(2);
    }

    @Test
    void quickstartRouteSendsTrafficToTheQuickstartService() {
        Manifests echo = Manifests.parse("deploy/quickstart/echo.yaml", Repo.read("deploy/quickstart/echo.yaml"));
        Service service = echo.get(Service.class, "echo");
        Map<?, ?> route = Serialization.unmarshal(Repo.read("deploy/quickstart/echo-route.yaml"), Map.class);
        Map<?, ?> backend = (Map<?, ?>) ((List<?>) ((Map<?, ?>) ((List<?>) ((Map<?, ?>) route.get("spec"))
                .get("rules")).get(0)).get("backends")).get(0);
        assertThat(backend.get("service")).isEqualTo(service.getMetadata().getName());
        assertThat(backend.get("port")).isEqualTo(service.getSpec().getPorts().get(0).getPort());
        assertThat(((Map<?, ?>) route.get("metadata")).get("namespace")).isEqualTo(service.getMetadata().getNamespace());
        Deployment deployment = echo.get(Deployment.class, "echo");
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(service.getSpec().getSelector());
    }

    private static void assertValue(Map<?, ?> values, String key) {
        Object node = values;
        for (String part : key.split("\\.")) {
            assertThat(node).as("values.yaml has %s", key).isInstanceOf(Map.class);
            Map<?, ?> map = (Map<?, ?>) node;
            assertThat(map.keySet()).as("values.yaml has %s", key).anyMatch(part::equals);
            node = map.get(part);
        }
    }

    private static void each(Pattern pattern, String text, Consumer<Matcher> check) {
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            check.accept(matcher);
        }
    }

    /** The lines of every ```bash block. */
    private static List<String> commands() {
        List<String> commands = new ArrayList<>();
        boolean inBash = false;
        for (String line : GUIDE.lines().toList()) {
            String trimmed = line.strip();
            if (trimmed.startsWith("```")) {
                inBash = !inBash && trimmed.equals("```bash");
                continue;
            }
            if (inBash && !trimmed.isEmpty() && !trimmed.startsWith("#")) {
                commands.add(trimmed);
            }
        }
        return List.copyOf(commands);
    }
}
