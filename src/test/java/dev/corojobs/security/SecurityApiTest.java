package dev.corojobs.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may call what, over real HTTP: every operation of the OpenAPI document for anonymous callers, callers
 * without the operation's scope and callers with it; JWTs from an issuer whose JWK set the test serves on
 * loopback; what stays open and the response headers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "corojobs.security.max-active-jobs-per-owner=" + SecurityApiTest.MAX_ACTIVE)
class SecurityApiTest {

    static final int MAX_ACTIVE = 3;
    /** One task yielding until cancelled, for all practical purposes. */
    private static final String ENDLESS = """
            {"program": {"tasks": {"spin": [{"op": "repeat", "times": 100000000, "var": "n", "body": [{"op": "yield"}]}]},
                         "start": ["spin"], "maxSteps": 100000000, "traceLimit": 0}}""";
    private static final String SEED = "{\"example\": \"seed\"}";

    private static final JwkSetServer ISSUER = JwkSetServer.start();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.shared();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void issuer(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", ISSUER::jwkSetUri);
    }

    @AfterAll
    static void stopIssuer() {
        ISSUER.close();
    }

    /** One documented operation, with the scope the issue assigns to it. */
    record Operation(String method, String path, String requestType) {

        Scope scope() {
            if (path.startsWith("/api/v1/runtime/") || path.endsWith("/tasks")) {
                return Scope.JOBS_ADMIN;
            }
            return method.equals("GET") ? Scope.JOBS_READ : Scope.JOBS_WRITE;
        }

        /** A key that authenticates but lacks {@link #scope()}. */
        String keyWithoutScope() {
            return switch (scope()) {
                case JOBS_READ -> TestKeys.NO_SCOPE;
                case JOBS_WRITE -> TestKeys.READER;
                default -> TestKeys.WRITER;
            };
        }

        String keyWithScope() {
            return switch (scope()) {
                case JOBS_READ -> TestKeys.READER;
                case JOBS_WRITE -> TestKeys.WRITER;
                default -> TestKeys.ADMIN;
            };
        }

        String uri() {
            return path.replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    @TestFactory
    Stream<DynamicTest> everyDocumentedOperationNeedsAKeyAndItsScope() throws Exception {
        List<Operation> operations = documentedOperations();
        assertThat(operations).extracting(Operation::toString).contains(
                "GET /api/v1/jobs", "GET /api/v1/jobs/{id}", "DELETE /api/v1/jobs/{id}", "GET /api/v1/jobs/{id}/events",
                "POST /api/v1/jobs/scheduler-simulations", "POST /api/v1/jobs/log-analysis",
                "GET /api/v1/scheduler-simulations/examples", "GET /api/v1/runtime/tasks", "GET /api/v1/jobs/{id}/tasks");
        return operations.stream().map(operation -> DynamicTest.dynamicTest(operation.toString(), () -> {
            HttpResponse<String> anonymous = call(operation, null);
            assertThat(anonymous.statusCode()).as("anonymous " + operation).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    challenge -> assertThat(challenge).startsWith("Bearer"));
            assertProblem(anonymous, "Authorization: Bearer");

            HttpResponse<String> wrongKey = call(operation, "no-such-key");
            assertThat(wrongKey.statusCode()).as("unknown key " + operation).isEqualTo(401);
            assertThat(wrongKey.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    challenge -> assertThat(challenge).contains("error=\"invalid_token\""));

            HttpResponse<String> withoutScope = call(operation, operation.keyWithoutScope());
            assertThat(withoutScope.statusCode()).as("without " + operation.scope() + ": " + operation).isEqualTo(403);
            assertProblem(withoutScope, operation.scope().value());

            HttpResponse<String> withScope = call(operation, operation.keyWithScope());
            assertThat(withScope.statusCode()).as(operation + " with " + operation.scope() + ": " + withScope.body())
                    .isNotIn(401, 403);
        }));
    }

    @Test
    void namingAFileInTheDataDirectoryNeedsItsOwnScope() throws Exception {
        String body = "{\"source\": {\"path\": \"no-such.log\"}}";
        HttpResponse<String> writer = send("POST", "/api/v1/jobs/log-analysis", TestKeys.WRITER, "application/json", body);
        assertThat(writer.statusCode()).isEqualTo(403);
        assertProblem(writer, "logs:read-server-files");

        HttpResponse<String> admin = send("POST", "/api/v1/jobs/log-analysis", TestKeys.ADMIN, "application/json", body);
        assertThat(admin.statusCode()).as(admin.body()).isEqualTo(400);
        assertThat(admin.body()).contains("no such file in the data directory");
    }

    @Test
    void aCallerSeesFollowsAndCancelsOnlyItsOwnJobsAndAdminsSeeAll() throws Exception {
        String id = submit(TestKeys.WRITER, SEED, "?wait=PT30S");
        String own = "/api/v1/jobs/" + id;

        assertThat(send("GET", own, TestKeys.WRITER, null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", own + "/trace", TestKeys.WRITER, null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", own + "/events", TestKeys.WRITER, null, null).statusCode()).isEqualTo(200);
        assertThat(listedIds(TestKeys.WRITER)).contains(id);

        for (String path : List.of(own, own + "/trace", own + "/events")) {
            HttpResponse<String> other = send("GET", path, TestKeys.OTHER, null, null);
            assertThat(other.statusCode()).as("another owner's " + path).isEqualTo(404);
            assertProblem(other, id);
        }
        assertThat(send("DELETE", own, TestKeys.OTHER, null, null).statusCode()).isEqualTo(404);
        assertThat(listedIds(TestKeys.OTHER)).doesNotContain(id);
        assertThat(send("GET", own + "/tasks", TestKeys.WRITER, null, null).statusCode())
                .as("task dumps are for admins, even of one's own job").isEqualTo(403);

        assertThat(send("GET", own, TestKeys.ADMIN, null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", own + "/tasks", TestKeys.ADMIN, null, null).statusCode()).isEqualTo(200);
        assertThat(listedIds(TestKeys.ADMIN)).contains(id);
        JsonNode job = JSON.readTree(send("GET", own, TestKeys.ADMIN, null, null).body());
        assertThat(job.path("owner").asString()).as(job.toString()).isEqualTo("test-writer");

        assertThat(send("DELETE", own, TestKeys.WRITER, null, null).statusCode()).isEqualTo(204);
        assertThat(send("GET", own, TestKeys.WRITER, null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void aJwtSubjectOwnsItsJobs() throws Exception {
        String alice = ISSUER.token("alice", Map.of("scope", "jobs:read jobs:write"));
        String bob = ISSUER.token("bob", Map.of("scope", "jobs:read jobs:write"));
        String id = submit(alice, SEED, "?wait=PT30S");

        assertThat(send("GET", "/api/v1/jobs/" + id, alice, null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/v1/jobs/" + id, bob, null, null).statusCode()).isEqualTo(404);
        assertThat(listedIds(bob)).doesNotContain(id);
    }

    @Test
    void oneOwnerMayHaveOnlySoManyActiveJobs() throws Exception {
        List<String> running = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_ACTIVE; i++) {
                running.add(submit(TestKeys.WRITER, ENDLESS, ""));
            }
            HttpResponse<String> refused = send("POST", "/api/v1/jobs/scheduler-simulations", TestKeys.WRITER,
                    "application/json", SEED);
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
                    seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
            assertProblem(refused, "already has " + MAX_ACTIVE + " jobs queued or running");

            String others = submit(TestKeys.OTHER, SEED, "");
            running.add(others);

            assertThat(send("DELETE", "/api/v1/jobs/" + running.getFirst(), TestKeys.WRITER, null, null).statusCode())
                    .isEqualTo(200);
            running.removeFirst();
            running.add(submit(TestKeys.WRITER, SEED, ""));
        } finally {
            for (String id : running) {
                send("DELETE", "/api/v1/jobs/" + id, TestKeys.ADMIN, null, null);
            }
        }
    }

    @Test
    void jwtsFromTheIssuerCarryTheirScopesAndSubject() throws Exception {
        String reader = ISSUER.token("alice", Map.of("scope", "jobs:read"));
        assertThat(send("GET", "/api/v1/jobs", reader, null, null).statusCode()).isEqualTo(200);
        HttpResponse<String> readerSubmits = send("POST", "/api/v1/jobs/scheduler-simulations?wait=PT10S", reader,
                "application/json", "{\"example\": \"seed\"}");
        assertThat(readerSubmits.statusCode()).isEqualTo(403);
        assertThat(readerSubmits.body()).contains("'alice' lacks the scope 'jobs:write'");

        String writer = ISSUER.token("bob", Map.of("scp", List.of("jobs:read", "jobs:write")));
        HttpResponse<String> submitted = send("POST", "/api/v1/jobs/scheduler-simulations?wait=PT10S", writer,
                "application/json", "{\"example\": \"seed\"}");
        assertThat(submitted.statusCode()).as(submitted.body()).isIn(200, 202);
    }

    @Test
    void expiredOrForeignJwtsAre401() throws Exception {
        for (String token : List.of(ISSUER.expiredToken("alice", Map.of("scope", "jobs:read")),
                ISSUER.forgedToken("alice", Map.of("scope", "jobs:read")))) {
            HttpResponse<String> response = send("GET", "/api/v1/jobs", token, null, null);
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    challenge -> assertThat(challenge).contains("error=\"invalid_token\""));
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
    }

    @Test
    void probesMetricsAndTheApiDocumentStayOpenAndHealthShowsNoDetailsToAnonymousCallers() throws Exception {
        for (String open : List.of("/actuator/health/liveness", "/actuator/health/readiness", "/actuator/prometheus",
                "/v3/api-docs", "/swagger-ui/index.html", "/", "/js/app.js")) {
            assertThat(send("GET", open, null, null, null).statusCode()).as(open).isEqualTo(200);
        }
        HttpResponse<String> anonymousHealth = send("GET", "/actuator/health", null, null, null);
        assertThat(anonymousHealth.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(anonymousHealth.body()).has("components")).as(anonymousHealth.body()).isFalse();
        assertThat(anonymousHealth.body()).doesNotContain("diskSpace", "path");
        HttpResponse<String> adminHealth = send("GET", "/actuator/health", TestKeys.ADMIN, null, null);
        assertThat(JSON.readTree(adminHealth.body()).has("components")).as(adminHealth.body()).isTrue();
    }

    @Test
    void nothingElseUnderActuatorAnswers() throws Exception {
        for (String closed : List.of("/actuator", "/actuator/info", "/actuator/env", "/actuator/beans")) {
            assertThat(send("GET", closed, null, null, null).statusCode()).as(closed).isEqualTo(401);
            assertThat(send("GET", closed, TestKeys.ADMIN, null, null).statusCode()).as(closed).isEqualTo(404);
        }
    }

    @Test
    void answersCarryTheProtectiveHeaders() throws Exception {
        for (String path : List.of("/", "/api/v1/jobs")) {
            HttpResponse<String> response = send("GET", path, TestKeys.READER, null, null);
            assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
            assertThat(response.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                    .contains("default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline", "unsafe-eval"));
            assertThat(response.headers().firstValue("Strict-Transport-Security")).isEmpty();
        }
    }

    @Test
    void noCorsWithoutConfiguredOrigins() throws Exception {
        HttpRequest preflight = HttpRequest.newBuilder(uri("/api/v1/jobs"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://elsewhere.example")
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization").build();
        HttpResponse<String> response = HTTP.send(preflight, HttpResponse.BodyHandlers.ofString());
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        HttpResponse<String> simple = HTTP.send(HttpRequest.newBuilder(uri("/api/v1/jobs"))
                .header("Origin", "https://elsewhere.example")
                .header("Authorization", TestKeys.bearer(TestKeys.READER)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(simple.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    /** Submits a simulation as {@code key}'s owner; answers the job id. */
    private String submit(String key, String body, String query) throws IOException, InterruptedException {
        HttpResponse<String> response = send("POST", "/api/v1/jobs/scheduler-simulations" + query, key,
                "application/json", body);
        assertThat(response.statusCode()).as(response.body()).isIn(200, 202);
        return JSON.readTree(response.body()).path("id").asString();
    }

    private List<String> listedIds(String key) throws IOException, InterruptedException {
        HttpResponse<String> response = send("GET", "/api/v1/jobs?size=100", key, null, null);
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        JSON.readTree(response.body()).path("items").forEach(item -> ids.add(item.path("id").asString()));
        return ids;
    }

    private List<Operation> documentedOperations() throws IOException, InterruptedException {
        HttpResponse<String> document = send("GET", "/v3/api-docs", null, null, null);
        assertThat(document.statusCode()).isEqualTo(200);
        JsonNode root = JSON.readTree(document.body());
        assertThat(root.path("components").path("securitySchemes").path("bearer").path("scheme").asString())
                .isEqualTo("bearer");
        List<Operation> operations = new ArrayList<>();
        for (var path : root.path("paths").properties()) {
            for (var method : path.getValue().properties()) {
                JsonNode content = method.getValue().path("requestBody").path("content");
                String requestType = content.isObject() && !content.isEmpty() ? content.propertyNames().iterator().next() : null;
                operations.add(new Operation(method.getKey().toUpperCase(), path.getKey(), requestType));
            }
        }
        return operations;
    }

    private HttpResponse<String> call(Operation operation, String key) throws IOException, InterruptedException {
        String body = operation.requestType() == null ? null
                : operation.requestType().startsWith("multipart/") ? "" : "{}";
        return send(operation.method(), operation.uri(), key, operation.requestType(), body);
    }

    private HttpResponse<String> send(String method, String path, String key, String contentType, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", TestKeys.bearer(key));
        }
        if (contentType != null) {
            request.header("Content-Type", contentType.startsWith("multipart/")
                    ? contentType + "; boundary=nothing" : contentType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static void assertProblem(HttpResponse<String> response, String detailPart) {
        assertThat(response.headers().firstValue("Content-Type")).as(response.body()).hasValue("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(response.statusCode());
        assertThat(problem.path("detail").asString()).contains(detailPart);
    }
}
