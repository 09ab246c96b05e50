# syntax=docker/dockerfile:1
#
# corojobs container image.
#   docker build -t corojobs:dev .
#   docker run --rm -p 8080:8080 -p 5000:5000 corojobs:dev
# No Docker engine runs on the build machines: LayeredJarStartIT (run by `./mvnw -B verify`) reads this file
# and runs the same extraction, the same layer copies and the same ENTRYPOINT on the packaged jar.

# ---- build: the Maven wrapper on a JDK 25 ----
FROM eclipse-temurin:25-jdk AS build
WORKDIR /build
# Wrapper and pom first: the dependency download is cached until one of them changes.
COPY mvnw ./
COPY .mvn/ .mvn/
COPY pom.xml ./
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q dependency:go-offline
COPY src/ src/
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B package -Dmaven.test.skip=true \
 && cp target/corojobs-*.jar app.jar
RUN java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

# ---- run: JRE 25, one image layer per Spring Boot layer (least to most often changed) ----
FROM eclipse-temurin:25-jre
RUN groupadd --system --gid 10001 corojobs \
 && useradd --system --uid 10001 --gid corojobs --home-dir /app --no-create-home --shell /usr/sbin/nologin corojobs
WORKDIR /app
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./
# Numeric user, so Kubernetes' runAsNonRoot can verify it without reading /etc/passwd.
USER 10001:10001
# 8080: HTTP API, Swagger UI and Actuator; 5000: the coroutine TCP server.
EXPOSE 8080 5000
# No HEALTHCHECK: the image is run on Kubernetes, which ignores Docker's HEALTHCHECK and uses the chart's
# liveness/readiness/startup probes on /actuator/health/* instead; a HEALTHCHECK would also need curl in the
# JRE image and an extra process every interval. With plain `docker run`, pass --health-cmd if wanted.
#
# JVM flags: size the heap from the container's memory limit (75 % leaves room for metaspace, thread
# stacks and direct buffers); compact object headers (a product flag since JDK 25) shrink every object
# header to 8 bytes, which the runtime's per-coroutine memory figures assume; exit on OOM so the
# orchestrator restarts the pod instead of leaving a half-dead JVM. Extra flags: JAVA_TOOL_OPTIONS.
# Exec form, so the JVM is PID 1 and receives SIGTERM directly for the graceful shutdown.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+UseCompactObjectHeaders", "-XX:+ExitOnOutOfMemoryError", "org.springframework.boot.loader.launch.JarLauncher"]
