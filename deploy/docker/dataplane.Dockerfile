# Portico data-plane image, built from the Maven jars (no build inside the image).
#
#   ./mvnw -B -DskipTests package -pl dataplane -am
#   docker build -f deploy/docker/dataplane.Dockerfile -t portico/dataplane:0.1.0-SNAPSHOT .
#
# Run from the repository root: the build context must contain dataplane/target/.
# Read-only root filesystem: the JVM and Vert.x write only under /tmp (mount an emptyDir there).
FROM eclipse-temurin:17-jre

WORKDIR /app
COPY dataplane/target/lib/ /app/lib/
COPY dataplane/target/portico-dataplane-0.1.0-SNAPSHOT.jar /app/portico-dataplane.jar
# The JVM flags Portico ships for the data plane (GC and young-generation bound), as ./portico runs it.
COPY dataplane/src/main/resources/portico/dataplane-jvm.options /app/jvm.options

# Numeric user so that runAsNonRoot can verify it without reading /etc/passwd.
USER 10001:10001

# 8080: gateway traffic; 9901: admin (/healthz, /readyz, /metrics, /config).
EXPOSE 8080 9901

# -XX:-UsePerfData: no hsperfdata file, so nothing is written outside /tmp even by tools.
ENTRYPOINT ["java", "@/app/jvm.options", "-XX:MaxRAMPercentage=75", "-XX:-UsePerfData", "-XX:+ExitOnOutOfMemoryError", \
            "-Djava.io.tmpdir=/tmp", "-Dvertx.cacheDirBase=/tmp/vertx-cache", \
            "-cp", "/app/portico-dataplane.jar:/app/lib/*", "dev.portico.dataplane.DataPlaneMain"]
# No CMD: --control-plane has no default, so the Deployment passes every flag in `args`.
