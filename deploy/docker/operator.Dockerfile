# Portico operator image, built from the Maven jars (no build inside the image).
#
#   ./mvnw -B -DskipTests package -pl operator -am
#   docker build -f deploy/docker/operator.Dockerfile -t portico/operator:0.1.0-SNAPSHOT .
#
# Run from the repository root: the build context must contain operator/target/.
# Read-only root filesystem: the JVM and Vert.x write only under /tmp (mount an emptyDir there).
FROM eclipse-temurin:17-jre

WORKDIR /app
COPY operator/target/lib/ /app/lib/
COPY operator/target/portico-operator-0.1.0-SNAPSHOT.jar /app/portico-operator.jar
COPY operator/src/main/resources/portico/operator-jvm.options /app/jvm.options

# Numeric user so that runAsNonRoot can verify it without reading /etc/passwd.
USER 10001:10001

# 18000: snapshot stream (data planes connect here); 8081: /healthz, /readyz, /metrics.
EXPOSE 18000 8081

# -XX:-UsePerfData: no hsperfdata file, so nothing is written outside /tmp even by tools.
ENTRYPOINT ["java", "@/app/jvm.options", "-XX:MaxRAMPercentage=75", "-XX:-UsePerfData", "-XX:+ExitOnOutOfMemoryError", \
            "-Djava.io.tmpdir=/tmp", "-Dvertx.cacheDirBase=/tmp/vertx-cache", \
            "-cp", "/app/portico-operator.jar:/app/lib/*", "dev.portico.operator.OperatorMain"]
CMD ["--stream-port", "18000", "--metrics-port", "8081", "--token-file", "/var/run/portico/stream-token/token"]
