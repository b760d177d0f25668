package dev.portico.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.dataplane.JvmOptions;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Image names, ports, probe paths, flags and the token Secret agree across Dockerfiles, kustomize and Helm. */
class DeployConsistencyTest {
    private static final String TOKEN_SECRET = "portico-stream-token";
    private static final String TOKEN_KEY = "token";

    static final String DATAPLANE_JVM_OPTIONS = "dataplane/src/main/resources/portico/dataplane-jvm.options";
    static final String OPERATOR_JVM_OPTIONS = "operator/src/main/resources/portico/operator-jvm.options";

    enum Component {
        OPERATOR("operator", Map.of("--stream-port", "stream", "--metrics-port", "metrics"), "metrics", "/healthz",
                List.of(OPERATOR_JVM_OPTIONS)),
        DATAPLANE("dataplane", Map.of("--port", "http", "--admin-port", "admin"), "admin", "/readyz",
                List.of(DATAPLANE_JVM_OPTIONS));

        final String module;
        final Map<String, String> portFlags;
        final String adminPort;
        final String readinessPath;
        /** Java @argument files the image copies besides the jars. */
        final List<String> jvmOptionFiles;

        Component(String module, Map<String, String> portFlags, String adminPort, String readinessPath,
                List<String> jvmOptionFiles) {
            this.module = module;
            this.portFlags = portFlags;
            this.adminPort = adminPort;
            this.readinessPath = readinessPath;
            this.jvmOptionFiles = jvmOptionFiles;
        }

        String deployment() {
            return "portico-" + module;
        }

        Dockerfile dockerfile() {
            return Dockerfile.read("deploy/docker/" + module + ".Dockerfile");
        }

        MavenModule maven() {
            return MavenModule.read(module);
        }

        Container container(Manifests install) {
            return pod(install).getContainers().get(0);
        }

        PodSpec pod(Manifests install) {
            return install.get(Deployment.class, deployment()).getSpec().getTemplate().getSpec();
        }
    }

    static Stream<Arguments> componentsInEachInstall() {
        return Stream.of(Component.values()).flatMap(c -> Stream.of(
                Arguments.of(c, Manifests.kustomize("deploy/kustomize/base")), Arguments.of(c, PorticoChart.render())));
    }

    @ParameterizedTest
    @EnumSource(Component.class)
    void dockerfileCopiesTheMavenJarsAndStartsTheModulesMainClass(Component component) {
        Dockerfile docker = component.dockerfile();
        MavenModule maven = component.maven();
        List<String> sources = new ArrayList<>(List.of(maven.lib(), maven.jar()));
        sources.addAll(component.jvmOptionFiles);
        assertThat(docker.copySources()).containsExactlyInAnyOrderElementsOf(sources);
        List<String> entrypoint = docker.execForm("ENTRYPOINT");
        assertThat(entrypoint).first().isEqualTo("java");
        assertThat(entrypoint).last().isEqualTo(maven.mainClass());
        String classPath = entrypoint.get(entrypoint.indexOf("-cp") + 1);
        for (String copy : docker.all("COPY")) {
            String[] parts = copy.split("\\s+");
            if (component.jvmOptionFiles.contains(parts[0])) {
                assertThat(entrypoint).as("the image's JVM reads %s", parts[1]).contains("@" + parts[1]);
                continue;
            }
            String destination = parts[1];
            assertThat(classPath).as("class path %s uses %s", classPath, destination)
                    .contains(destination.endsWith("/") ? destination + "*" : destination);
        }
        List<String> ignored = new ArrayList<>(List.of("*"));
        sources.forEach(source -> ignored.add("!" + source));
        assertThat(Repo.read("deploy/docker/" + component.module + ".Dockerfile.dockerignore").lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#")))
                .containsExactlyInAnyOrderElementsOf(ignored);
    }

    @Test
    void theDataPlaneImageTheLauncherAndTheSandboxShipTheSameJvmFlags() {
        List<String> shipped = JvmOptions.dataPlane();
        assertThat(shipped).isNotEmpty().allMatch(flag -> flag.startsWith("-"));
        assertThat(Repo.read(DATAPLANE_JVM_OPTIONS)).as("the resource the sandbox reads is the file the image copies")
                .isEqualTo(new String(readResource(JvmOptions.RESOURCE), java.nio.charset.StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @EnumSource(Component.class)
    void theImageAndTheLauncherReadTheShippedJvmFlags(Component component) {
        String file = component.module + "/src/main/resources/portico/" + component.module + "-jvm.options";
        assertThat(component.jvmOptionFiles).containsExactly(file);
        assertThat(Repo.read(file).lines().filter(l -> !l.isBlank() && !l.startsWith("#")))
                .isNotEmpty().allMatch(flag -> flag.startsWith("-XX:") || flag.equals("--enable-native-access=ALL-UNNAMED")
                        || flag.equals("-Dsun.misc.unsafe.memory.access=allow"));
        // ./portico builds the path from the command name and reads the file when it is there: it must sit where
        // that finds it
        assertThat(Repo.read("portico")).contains("@$root/$cmd/src/main/resources/portico/$cmd-jvm.options")
                .contains("if [ -f \"$root/$cmd/src/main/resources/portico/$cmd-jvm.options\" ]; then");
        assertThat(Repo.read("portico")).contains(component.module + ")");
        assertThat(component.dockerfile().execForm("ENTRYPOINT").get(1)).isEqualTo("@/app/jvm.options");
    }

    private static byte[] readResource(String name) {
        try (var in = JvmOptions.class.getClassLoader().getResourceAsStream(name)) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @EnumSource(Component.class)
    void dockerfileRunsAJreAsANumericNonRootUserWithAContainerSizedHeap(Component component) {
        Dockerfile docker = component.dockerfile();
        assertThat(docker.only("FROM")).startsWith("eclipse-temurin:17-jre");
        assertThat(docker.only("USER")).matches("[1-9][0-9]*:[1-9][0-9]*");
        assertThat(docker.execForm("ENTRYPOINT")).contains("-XX:MaxRAMPercentage=75", "-XX:-UsePerfData",
                "-Djava.io.tmpdir=/tmp");
    }

    @ParameterizedTest
    @MethodSource("componentsInEachInstall")
    void podRunsAsTheImagesUserWithAWritableTmpOnly(Component component, Manifests install) {
        String[] user = component.dockerfile().only("USER").split(":");
        PodSpec pod = component.pod(install);
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(Long.parseLong(user[0]));
        assertThat(pod.getSecurityContext().getRunAsGroup()).isEqualTo(Long.parseLong(user[1]));
        Container container = component.container(install);
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        VolumeMount tmp = container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp"))
                .findFirst().orElseThrow(() -> new AssertionError(component + " mounts nothing at /tmp"));
        assertThat(volume(pod, tmp.getName()).getEmptyDir()).as("/tmp is an emptyDir").isNotNull();
    }

    @ParameterizedTest
    @MethodSource("componentsInEachInstall")
    void exposedPortsAreExactlyTheContainerPorts(Component component, Manifests install) {
        assertThat(new TreeSet<>(component.container(install).getPorts().stream().map(ContainerPort::getContainerPort).toList()))
                .isEqualTo(component.dockerfile().exposedPorts());
    }

    @ParameterizedTest
    @EnumSource(Component.class)
    void kustomizeAndHelmRunTheImageTheDockerfileDocumentsBuilding(Component component) {
        String image = "portico/" + component.module + ":" + component.maven().version();
        assertThat(Repo.read("deploy/docker/" + component.module + ".Dockerfile")).contains("-t " + image + " .");
        assertThat(component.container(Manifests.kustomize("deploy/kustomize/base")).getImage()).isEqualTo(image);
        assertThat(component.container(PorticoChart.render()).getImage()).isEqualTo(image);
    }

    @ParameterizedTest
    @MethodSource("componentsInEachInstall")
    void everyFlagIsOneTheComponentAccepts(Component component, Manifests install) {
        String help = CommandHelp.of(component.maven().mainClass());
        assertThat(flags(component.container(install).getArgs()).keySet())
                .allSatisfy(flag -> assertThat(help).as("%s --help", component.module).contains(flag + " "));
    }

    @ParameterizedTest
    @MethodSource("componentsInEachInstall")
    void portFlagsProbesAndScrapeAnnotationUseTheNamedContainerPorts(Component component, Manifests install) {
        Container container = component.container(install);
        Map<String, String> flags = flags(container.getArgs());
        component.portFlags.forEach((flag, portName) ->
                assertThat(flags.get(flag)).as(flag).isEqualTo(String.valueOf(port(container, portName))));
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo(component.readinessPath);
        assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo(component.adminPort);
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(container.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo(component.adminPort);
        Map<String, String> annotations = install.get(Deployment.class, component.deployment())
                .getSpec().getTemplate().getMetadata().getAnnotations();
        assertThat(annotations.get("prometheus.io/port")).isEqualTo(String.valueOf(port(container, component.adminPort)));
    }

    @ParameterizedTest
    @MethodSource("componentsInEachInstall")
    void tokenFileIsTheMountedKeyOfTheStreamTokenSecret(Component component, Manifests install) {
        PodSpec pod = component.pod(install);
        String tokenFile = flags(component.container(install).getArgs()).get("--token-file");
        VolumeMount mount = component.container(install).getVolumeMounts().stream()
                .filter(m -> tokenFile.startsWith(m.getMountPath() + "/")).findFirst()
                .orElseThrow(() -> new AssertionError("nothing mounted above --token-file " + tokenFile));
        Volume volume = volume(pod, mount.getName());
        assertThat(volume.getSecret().getSecretName()).isEqualTo(TOKEN_SECRET);
        assertThat(volume.getSecret().getItems()).anySatisfy(item -> {
            assertThat(item.getKey()).isEqualTo(TOKEN_KEY);
            assertThat(mount.getMountPath() + "/" + item.getPath()).isEqualTo(tokenFile);
        });
        Secret secret = install.get(Secret.class, TOKEN_SECRET);
        Map<String, String> keys = new LinkedHashMap<>();
        if (secret.getData() != null) {
            keys.putAll(secret.getData());
        }
        if (secret.getStringData() != null) {
            keys.putAll(secret.getStringData());
        }
        assertThat(keys).containsOnlyKeys(TOKEN_KEY);
    }

    @Test
    void operatorImageDefaultsAgreeWithTheDeployments() {
        Map<String, String> cmd = flags(Component.OPERATOR.dockerfile().execForm("CMD"));
        for (Manifests install : List.of(Manifests.kustomize("deploy/kustomize/base"), PorticoChart.render())) {
            assertThat(flags(Component.OPERATOR.container(install).getArgs())).containsAllEntriesOf(cmd);
        }
    }

    @ParameterizedTest
    @MethodSource("installs")
    void dataPlanesDialTheOperatorStreamService(Manifests install) {
        Service stream = install.get(Service.class, "portico-operator");
        ServicePort port = stream.getSpec().getPorts().get(0);
        assertThat(port.getTargetPort().getStrVal()).isEqualTo("stream");
        assertThat(stream.getSpec().getSelector())
                .isEqualTo(install.get(Deployment.class, "portico-operator").getSpec().getSelector().getMatchLabels());
        String expected = "http://" + stream.getMetadata().getName() + "." + stream.getMetadata().getNamespace()
                + ".svc:" + port.getPort();
        assertThat(flags(Component.DATAPLANE.container(install).getArgs())).containsEntry("--control-plane", expected);
    }

    @ParameterizedTest
    @MethodSource("installs")
    void gatewayServiceSendsTrafficToTheDataPlanesHttpPort(Manifests install) {
        Service gateway = install.get(Service.class, "portico-gateway");
        assertThat(gateway.getSpec().getPorts()).singleElement()
                .satisfies(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("http"));
        assertThat(gateway.getSpec().getSelector())
                .isEqualTo(install.get(Deployment.class, "portico-dataplane").getSpec().getSelector().getMatchLabels());
    }

    static Stream<Manifests> installs() {
        return Stream.of(Manifests.kustomize("deploy/kustomize/base"), PorticoChart.render());
    }

    /** {@code --flag value} and {@code --flag=value} pairs, in order. */
    static Map<String, String> flags(List<String> args) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            assertThat(arg).as("argument %d of %s", i, args).startsWith("--");
            int eq = arg.indexOf('=');
            if (eq > 0) {
                flags.put(arg.substring(0, eq), arg.substring(eq + 1));
            } else {
                flags.put(arg, args.get(++i));
            }
        }
        return flags;
    }

    private static int port(Container container, String name) {
        return container.getPorts().stream().filter(p -> name.equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no port named " + name))
                .getContainerPort();
    }

    private static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }
}
