package dev.corojobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** Lints the Helm chart and asserts on the objects it renders, with default and non-default values. */
class HelmChartTest {

    private static final Path CHART = PackagedApp.PROJECT_DIR.resolve("helm/corojobs");

    @Test
    void lintsStrictly() {
        LintResult result = new Helm(CHART).lint().strict().call();

        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    @Test
    void defaultsRenderDeploymentServiceAndConfigOnly() {
        Manifest manifest = render(UnaryOperator.identity());

        assertThat(manifest.kinds()).containsExactlyInAnyOrder("ConfigMap", "Service", "Deployment");
    }

    @Test
    void deploymentProbesTheActuatorHealthGroups() {
        Node container = render(UnaryOperator.identity()).container();

        assertThat(container.get("startupProbe", "httpGet", "path").text()).isEqualTo("/actuator/health/liveness");
        assertThat(container.get("livenessProbe", "httpGet", "path").text()).isEqualTo("/actuator/health/liveness");
        assertThat(container.get("readinessProbe", "httpGet", "path").text()).isEqualTo("/actuator/health/readiness");
        assertThat(container.get("readinessProbe", "httpGet", "port").text()).isEqualTo("http");
        assertThat(container.get("resources", "limits", "memory").text()).isEqualTo("768Mi");
        assertThat(container.get("resources", "requests", "cpu").text()).isEqualTo("500m");
    }

    @Test
    void portsMatchTheImageAndTheServiceExposesBoth() {
        Manifest manifest = render(UnaryOperator.identity());
        DockerfileRecipe image = PackagedApp.recipe();

        List<Node> containerPorts = manifest.container().get("ports").list();
        assertThat(containerPorts).extracting(port -> port.get("name").text()).containsExactly("http", "tcp");
        assertThat(containerPorts).extracting(port -> port.get("containerPort").text())
                .containsExactlyElementsOf(image.exposedPorts());

        List<Node> servicePorts = manifest.single("Service").get("spec", "ports").list();
        assertThat(servicePorts).extracting(port -> port.get("name").text() + "=" + port.get("port").text()
                + "->" + port.get("targetPort").text()).containsExactly("http=8080->http", "tcp=5000->tcp");
    }

    @Test
    void podRunsAsTheImageUserWithAReadOnlyRootAndAWritableTmp() {
        Manifest manifest = render(UnaryOperator.identity());
        Node pod = manifest.podSpec();
        Node container = manifest.container();
        String imageUid = PackagedApp.recipe().user().split(":")[0];

        assertThat(pod.get("securityContext", "runAsNonRoot").value()).isEqualTo(true);
        assertThat(pod.get("securityContext", "runAsUser").text()).isEqualTo(imageUid);
        assertThat(container.get("securityContext", "runAsNonRoot").value()).isEqualTo(true);
        assertThat(container.get("securityContext", "readOnlyRootFilesystem").value()).isEqualTo(true);
        assertThat(container.get("securityContext", "allowPrivilegeEscalation").value()).isEqualTo(false);
        assertThat(container.get("securityContext", "capabilities", "drop").value()).isEqualTo(List.of("ALL"));

        assertThat(container.get("volumeMounts").list()).extracting(m -> m.get("name").text() + ":" + m.get("mountPath").text())
                .containsExactly("tmp:/tmp", "config:/config", "store:/var/lib/corojobs/postgres");
        assertThat(pod.get("volumes").list().getFirst().get("emptyDir", "sizeLimit").text()).isEqualTo("1Gi");
    }

    @Test
    void configMapCarriesTheShutdownTimeoutsThePodWaitsFor() {
        Manifest manifest = render(UnaryOperator.identity());
        Node app = manifest.applicationYaml();
        Node pod = manifest.podSpec();

        assertThat(manifest.container().get("env").list())
                .anySatisfy(env -> {
                    assertThat(env.get("name").text()).isEqualTo("SPRING_CONFIG_ADDITIONAL_LOCATION");
                    assertThat(env.get("value").text()).isEqualTo("optional:file:/config/");
                });
        assertThat(app.get("server", "shutdown").text()).isEqualTo("graceful");
        assertThat(app.get("spring", "lifecycle", "timeout-per-shutdown-phase").text()).isEqualTo("30s");
        assertThat(app.get("corojobs", "jobs", "shutdown-grace").text()).isEqualTo("10s");
        assertThat(app.get("corojobs", "tcp", "shutdown-timeout").text()).isEqualTo("20s");
        assertThat(app.get("corojobs", "tcp", "port").text()).isEqualTo("5000");
        assertThat(manifest.container().get("lifecycle", "preStop", "sleep", "seconds").text()).isEqualTo("5");
        assertThat(Integer.parseInt(pod.get("terminationGracePeriodSeconds").text())).isGreaterThan(5 + 10 + 30 + 10);
    }

    @Test
    void refusesAGracePeriodShorterThanTheApplicationsShutdown() {
        assertThatThrownBy(() -> render(t -> t.set("shutdown.terminationGracePeriodSeconds", 40)))
                .hasMessageContaining("terminationGracePeriodSeconds (40) must exceed")
                .hasMessageContaining("(55)");
    }

    @Test
    void refusesATcpDrainLongerThanTheShutdownPhase() {
        assertThatThrownBy(() -> render(t -> t.set("shutdown.tcpDrainSeconds", 45)))
                .hasMessageContaining("tcpDrainSeconds (45) must not exceed shutdown.phaseTimeoutSeconds (30)");
    }

    @Test
    void optionalObjectsAndOverridesRenderWhenEnabled(@TempDir Path dir) throws IOException {
        Path values = dir.resolve("values.yaml");
        Files.writeString(values, """
                image:
                  repository: registry.example.com/corojobs
                  tag: "1.2.3"
                service:
                  tcpPort: 6000
                config:
                  corojobs:
                    jobs:
                      max-running: 3
                shutdown:
                  jobsGraceSeconds: 45
                  terminationGracePeriodSeconds: 120
                serviceMonitor:
                  enabled: true
                  interval: 15s
                  labels:
                    release: prometheus
                ingress:
                  enabled: true
                  className: nginx
                  hosts:
                    - host: jobs.example.com
                      paths:
                        - path: /
                          pathType: Prefix
                  tls:
                    - secretName: jobs-tls
                      hosts: [jobs.example.com]
                persistence:
                  enabled: true
                  size: 5Gi
                """);
        Manifest manifest = render(t -> t.withValuesFile(values));

        assertThat(manifest.kinds()).containsExactlyInAnyOrder(
                "ConfigMap", "Service", "Deployment", "ServiceMonitor", "Ingress", "PersistentVolumeClaim");
        assertThat(manifest.container().get("image").text()).isEqualTo("registry.example.com/corojobs:1.2.3");
        assertThat(manifest.single("Service").get("spec", "ports").list().get(1).get("port").text()).isEqualTo("6000");

        Node monitor = manifest.single("ServiceMonitor");
        assertThat(monitor.get("metadata", "labels", "release").text()).isEqualTo("prometheus");
        Node endpoint = monitor.get("spec", "endpoints").list().getFirst();
        assertThat(endpoint.get("path").text()).isEqualTo("/actuator/prometheus");
        assertThat(endpoint.get("port").text()).isEqualTo("http");
        assertThat(endpoint.get("interval").text()).isEqualTo("15s");
        assertThat(monitor.get("spec", "selector", "matchLabels").value())
                .isEqualTo(manifest.single("Service").get("spec", "selector").value());

        Node ingress = manifest.single("Ingress");
        assertThat(ingress.get("spec", "ingressClassName").text()).isEqualTo("nginx");
        Node rule = ingress.get("spec", "rules").list().getFirst();
        assertThat(rule.get("host").text()).isEqualTo("jobs.example.com");
        Node backend = rule.get("http", "paths").list().getFirst().get("backend", "service");
        assertThat(backend.get("port", "name").text()).isEqualTo("http");
        assertThat(backend.get("name").text()).isEqualTo(manifest.single("Service").get("metadata", "name").text());

        Node claim = manifest.single("PersistentVolumeClaim");
        assertThat(claim.get("spec", "resources", "requests", "storage").text()).isEqualTo("5Gi");
        assertThat(manifest.container().get("volumeMounts").list())
                .extracting(m -> m.get("name").text() + ":" + m.get("mountPath").text() + ":" + ((Map<?, ?>) m.value()).get("subPath"))
                .contains("data:/data:logs", "data:/var/lib/corojobs/postgres:postgres");
        assertThat(manifest.podSpec().get("volumes").list()).anySatisfy(volume -> assertThat(
                volume.get("persistentVolumeClaim", "claimName").text()).isEqualTo(claim.get("metadata", "name").text()));

        Node app = manifest.applicationYaml();
        assertThat(app.get("corojobs", "pipeline", "data-dir").text()).isEqualTo("/data");
        assertThat(app.get("corojobs", "store", "embedded", "data-dir").text()).isEqualTo("/var/lib/corojobs/postgres");
        assertThat(app.get("corojobs", "jobs", "max-running").text()).isEqualTo("3");
        assertThat(app.get("corojobs", "jobs", "shutdown-grace").text()).isEqualTo("45s");
        assertThat(manifest.podSpec().get("terminationGracePeriodSeconds").text()).isEqualTo("120");
    }

    @Test
    void refusesSeveralReplicasWithTheEmbeddedStore() {
        assertThatThrownBy(() -> render(t -> t.set("replicaCount", 2)))
                .hasMessageContaining("replicaCount 2 needs store.external.url");
    }

    @Test
    void severalReplicasShareAnExternalPostgresqlWithAPasswordFromASecretAndADisruptionBudget() {
        Manifest manifest = render(t -> t.set("replicaCount", 3)
                .set("store.external.url", "jdbc:postgresql://db:5432/corojobs")
                .set("store.external.passwordSecret.name", "corojobs-db"));

        assertThat(manifest.kinds()).containsExactlyInAnyOrder("ConfigMap", "Service", "Deployment", "PodDisruptionBudget");
        assertThat(manifest.single("Deployment").get("spec", "replicas").text()).isEqualTo("3");
        List<Node> env = manifest.container().get("env").list();
        assertThat(env).extracting(e -> ((Map<?, ?>) e.value()).get("name") + "=" + ((Map<?, ?>) e.value()).get("value"))
                .contains("SPRING_DATASOURCE_URL=jdbc:postgresql://db:5432/corojobs", "SPRING_DATASOURCE_USERNAME=corojobs");
        assertThat(env).filteredOn(e -> "SPRING_DATASOURCE_PASSWORD".equals(((Map<?, ?>) e.value()).get("name")))
                .singleElement().satisfies(e -> {
            assertThat(e.get("valueFrom", "secretKeyRef", "name").text()).isEqualTo("corojobs-db");
            assertThat(e.get("valueFrom", "secretKeyRef", "key").text()).isEqualTo("password");
        });
        assertThat(manifest.container().get("volumeMounts").list()).extracting(m -> m.get("name").text())
                .containsExactly("tmp", "config");
        assertThat(((Map<?, ?>) manifest.applicationYaml().get("corojobs").value()).containsKey("store")).isFalse();
        Node budget = manifest.single("PodDisruptionBudget");
        assertThat(budget.get("spec", "maxUnavailable").text()).isEqualTo("1");
        assertThat(budget.get("spec", "selector", "matchLabels").value())
                .isEqualTo(manifest.single("Service").get("spec", "selector").value());
        assertThatThrownBy(() -> render(t -> t.set("store.external.url", "jdbc:postgresql://db/corojobs")))
                .hasMessageContaining("needs store.external.passwordSecret.name");
    }

    @Test
    void withoutKeysThePodKeepsItsGeneratedKeysHashOnTheWritableTmp() {
        Manifest manifest = render(UnaryOperator.identity());

        assertThat(manifest.kinds()).doesNotContain("Secret", "NetworkPolicy");
        assertThat(manifest.container().get("env").list()).anySatisfy(env -> {
            assertThat(env.get("name").text()).isEqualTo("COROJOBS_SECURITY_KEY_FILE");
            assertThat(env.get("value").text()).startsWith("/tmp/");
        });
    }

    @Test
    void apiKeysAndTheIssuerGoIntoASecretReadAsConfiguration(@TempDir Path dir) throws IOException {
        Path values = dir.resolve("values.yaml");
        Files.writeString(values, """
                security:
                  apiKeys:
                    - name: ci
                      sha256: 944650a7cd0f9e14d5c4fb15edbffb7fa45fb9ed36a4fa9be3d7e5476ae51bd9
                      scopes: [jobs:read, jobs:write]
                  jwt:
                    issuerUri: https://login.example.com/realms/corojobs
                networkPolicy:
                  enabled: true
                  tcpFrom:
                    - podSelector:
                        matchLabels:
                          app: hello-client
                """);
        Manifest manifest = render(t -> t.withValuesFile(values));

        Node secret = manifest.single("Secret");
        Node config = new Node(new Yaml().load(secret.get("stringData", "application.yaml").text()));
        Node key = config.get("corojobs", "security", "api-keys").list().getFirst();
        assertThat(key.get("name").text()).isEqualTo("ci");
        assertThat(key.get("scopes").value()).isEqualTo(List.of("jobs:read", "jobs:write"));
        assertThat(config.get("spring", "security", "oauth2", "resourceserver", "jwt", "issuer-uri").text())
                .isEqualTo("https://login.example.com/realms/corojobs");
        assertThat(manifest.container().get("env").list()).noneSatisfy(env ->
                assertThat(env.get("name").text()).isEqualTo("COROJOBS_SECURITY_KEY_FILE"));
        assertThat(manifest.container().get("env").list()).anySatisfy(env ->
                assertThat(env.get("value").text()).contains("optional:file:/secrets/security/"));
        assertThat(manifest.podSpec().get("volumes").list()).anySatisfy(volume -> assertThat(
                volume.get("secret", "secretName").text()).isEqualTo(secret.get("metadata", "name").text()));

        Node policy = manifest.single("NetworkPolicy");
        List<Node> rules = policy.get("spec", "ingress").list();
        assertThat(rules).hasSize(2);
        assertThat(rules.get(0).get("ports").list().getFirst().get("port").text()).isEqualTo("http");
        assertThat(rules.get(1).get("ports").list().getFirst().get("port").text()).isEqualTo("tcp");
        assertThat(rules.get(1).get("from").list().getFirst().get("podSelector", "matchLabels", "app").text())
                .isEqualTo("hello-client");
        assertThat(policy.get("spec", "podSelector", "matchLabels").value())
                .isEqualTo(manifest.single("Service").get("spec", "selector").value());
    }

    @Test
    void existingClaimIsMountedWithoutCreatingOne() {
        Manifest manifest = render(t -> t.set("persistence.enabled", true).set("persistence.existingClaim", "logs"));

        assertThat(manifest.kinds()).doesNotContain("PersistentVolumeClaim");
        assertThat(manifest.podSpec().get("volumes").list()).anySatisfy(volume -> assertThat(
                volume.get("persistentVolumeClaim", "claimName").text()).isEqualTo("logs"));
    }

    @Test
    void configChangesRollThePods() {
        String defaults = render(UnaryOperator.identity()).podTemplateAnnotation("checksum/config");
        String changed = render(t -> t.set("config.corojobs.jobs.max-running", 7)).podTemplateAnnotation("checksum/config");

        assertThat(changed).isNotEqualTo(defaults);
    }

    @Test
    void logsAreEcsJsonByDefaultAndPlainTextOnRequest() {
        assertThat(render(UnaryOperator.identity()).applicationYaml().get("logging", "structured", "format", "console")
                .text()).isEqualTo("ecs");
        assertThat(render(t -> t.set("logFormat", "logstash")).applicationYaml()
                .get("logging", "structured", "format", "console").text()).isEqualTo("logstash");
        Map<?, ?> plain = (Map<?, ?>) render(t -> t.set("logFormat", "")).applicationYaml().value();
        assertThat(plain.containsKey("logging")).as("logging settings in " + plain.keySet()).isFalse();
    }

    @Test
    void monitoringRendersTheRulesAndDashboardsWithTheReleaseLabel() throws IOException {
        Manifest manifest = render(t -> t.set("serviceMonitor.enabled", true).set("prometheusRule.enabled", true)
                .set("grafanaDashboards.enabled", true).set("monitoring.release", "kube-prometheus")
                .set("grafanaDashboards.annotations.grafana_folder", "corojobs"));

        assertThat(manifest.single("ServiceMonitor").get("metadata", "labels", "release").text()).isEqualTo("kube-prometheus");

        Node rule = manifest.single("PrometheusRule");
        assertThat(rule.get("apiVersion").text()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(rule.get("metadata", "labels", "release").text()).isEqualTo("kube-prometheus");
        Map<?, ?> ruleFile = new Yaml().load(Files.readString(CHART.resolve("rules/corojobs.yaml")));
        assertThat(rule.get("spec", "groups").value()).isEqualTo(ruleFile.get("groups"));
        assertThat(rule.get("spec", "groups").list()).extracting(group -> group.get("name").text())
                .contains("corojobs-jobs", "corojobs-runtime");

        List<Node> dashboards = manifest.objects().stream()
                .filter(object -> "ConfigMap".equals(object.get("kind").text()))
                .filter(object -> object.get("metadata", "name").text().endsWith("-dashboards"))
                .toList();
        assertThat(dashboards).hasSize(1);
        Node dashboard = dashboards.getFirst();
        assertThat(dashboard.get("metadata", "labels", "grafana_dashboard").text()).isEqualTo("1");
        assertThat(dashboard.get("metadata", "annotations", "grafana_folder").text()).isEqualTo("corojobs");
        assertThat(dashboard.get("data", "corojobs.json").text())
                .isEqualTo(Files.readString(CHART.resolve("dashboards/corojobs.json")).strip());
    }

    @Test
    void serviceMonitorLabelsWinOverTheReleaseLabel() {
        Manifest manifest = render(t -> t.set("serviceMonitor.enabled", true).set("monitoring.release", "kps")
                .set("serviceMonitor.labels.release", "other").set("prometheusRule.enabled", true));

        assertThat(manifest.single("ServiceMonitor").get("metadata", "labels", "release").text()).isEqualTo("other");
        assertThat(manifest.single("PrometheusRule").get("metadata", "labels", "release").text()).isEqualTo("kps");
        assertThat(manifest.kinds()).containsOnlyOnce("ConfigMap");
    }

    private static Manifest render(UnaryOperator<TemplateCommand> values) {
        String yaml = values.apply(new Helm(CHART).template().withName("demo")).call();
        List<Node> objects = new ArrayList<>();
        for (Object document : new Yaml().loadAll(yaml)) {
            if (document != null) {
                objects.add(new Node(document));
            }
        }
        return new Manifest(objects);
    }

    /** The rendered objects of one {@code helm template} run. */
    private record Manifest(List<Node> objects) {

        List<String> kinds() {
            return objects.stream().map(object -> object.get("kind").text()).toList();
        }

        Node single(String kind) {
            List<Node> matching = objects.stream().filter(object -> kind.equals(object.get("kind").text())).toList();
            assertThat(matching).as("objects of kind " + kind).hasSize(1);
            return matching.getFirst();
        }

        Node podSpec() {
            return single("Deployment").get("spec", "template", "spec");
        }

        Node container() {
            return podSpec().get("containers").list().getFirst();
        }

        String podTemplateAnnotation(String name) {
            return single("Deployment").get("spec", "template", "metadata", "annotations", name).text();
        }

        Node applicationYaml() {
            return new Node(new Yaml().load(single("ConfigMap").get("data", "application.yaml").text()));
        }
    }

    /** A navigable view of parsed YAML; a missing key fails the test with the path that was missing. */
    private record Node(Object value) {

        Node get(String... path) {
            Object current = value;
            for (String key : path) {
                assertThat(current).as("parent of '" + key + "' in " + List.of(path)).isInstanceOf(Map.class);
                Map<?, ?> map = (Map<?, ?>) current;
                assertThat(map.containsKey(key)).as("key path " + List.of(path) + " in " + map.keySet()).isTrue();
                current = map.get(key);
            }
            return new Node(current);
        }

        String text() {
            return Objects.toString(value);
        }

        List<Node> list() {
            assertThat(value).isInstanceOf(List.class);
            return ((List<?>) value).stream().map(Node::new).toList();
        }
    }
}
