package dev.corojobs.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.corojobs.ApiTest;
import dev.corojobs.jobs.CountingWork;
import dev.corojobs.jobs.JobService;
import dev.corojobs.security.TestKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

@ApiTest
class JobsApiTest {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    @Autowired
    RestTestClient client;

    @Autowired
    JobService jobs;

    @LocalServerPort
    int port;

    private EntityExchangeResult<Map<String, Object>> submit(Object body, String query) {
        return client.post().uri("/api/v1/jobs/counting-tests" + query)
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .exchange()
                .returnResult(JSON);
    }

    private EntityExchangeResult<Map<String, Object>> get(String uri) {
        return client.get().uri(uri).exchange().returnResult(JSON);
    }

    private static void assertProblem(EntityExchangeResult<Map<String, Object>> response, HttpStatus status,
            String detailMentions) {
        assertThat(response.getStatus()).isEqualTo(status);
        assertThat(response.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        Map<String, Object> problem = response.getResponseBody();
        assertThat(problem).containsEntry("status", status.value()).containsKey("title");
        assertThat((String) problem.get("detail")).contains(detailMentions);
        assertThat(problem.toString()).doesNotContain("at dev.corojobs", "Exception:");
    }

    @Test
    void submitAnswers202WithLocationAndTheJobThenPollingShowsItSucceed() {
        EntityExchangeResult<Map<String, Object>> accepted = submit(Map.of("steps", 20), "");

        assertThat(accepted.getStatus()).isEqualTo(HttpStatus.ACCEPTED);
        Map<String, Object> job = accepted.getResponseBody();
        assertThat(job).containsEntry("type", "counting-test").containsKeys("id", "state", "submittedAt", "progress");
        URI location = accepted.getResponseHeaders().getLocation();
        assertThat(location.getPath()).isEqualTo("/api/v1/jobs/" + job.get("id"));

        await().atMost(10, TimeUnit.SECONDS).until(() -> "SUCCEEDED".equals(get(location.getPath()).getResponseBody().get("state")));
        Map<String, Object> done = get(location.getPath()).getResponseBody();
        assertThat(done).containsEntry("result", Map.of("counted", 20)).containsKeys("startedAt", "finishedAt")
                .doesNotContainKey("error");
        assertThat(done.get("progress")).isEqualTo(Map.of("counted", 20, "of", 20));
    }

    @Test
    void submitWithWaitAnswers200WithTheFinishedJob() {
        EntityExchangeResult<Map<String, Object>> done = submit(Map.of("steps", 5), "?wait=PT10S");

        assertThat(done.getStatus()).isEqualTo(HttpStatus.OK);
        assertThat(done.getResponseBody()).containsEntry("state", "SUCCEEDED").containsEntry("result", Map.of("counted", 5));
        assertThat(submit(Map.of("steps", 5), "?wait=10").getStatus()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void submitWithAShortWaitAnswers202WhenTheJobIsStillRunning() {
        EntityExchangeResult<Map<String, Object>> running = submit(Map.of("steps", 100_000, "stepMillis", 1), "?wait=0.05");

        assertThat(running.getStatus()).isEqualTo(HttpStatus.ACCEPTED);
        client.delete().uri("/api/v1/jobs/{id}", running.getResponseBody().get("id")).exchange().expectStatus().isOk();
    }

    @Test
    void getWithWaitAnswersWhenTheJobEnds() {
        String id = (String) submit(Map.of("steps", 50, "stepMillis", 1), "").getResponseBody().get("id");

        Map<String, Object> done = get("/api/v1/jobs/" + id + "?wait=PT20S").getResponseBody();

        assertThat(done).containsEntry("state", "SUCCEEDED");
    }

    @Test
    void getWithAWaitThatRunsOutAnswersWithTheRunningJob() {
        String id = (String) submit(Map.of("steps", 1_000_000, "stepMillis", 1), "").getResponseBody().get("id");

        EntityExchangeResult<Map<String, Object>> running = get("/api/v1/jobs/" + id + "?wait=0.2");

        assertThat(running.getStatus()).isEqualTo(HttpStatus.OK);
        assertThat(running.getResponseBody().get("state")).isIn("QUEUED", "RUNNING");
        client.delete().uri("/api/v1/jobs/{id}", id).exchange().expectStatus().isOk();
    }

    @Test
    void aFailingJobEndsFailedWithAProblemDetailAsItsError() {
        Map<String, Object> failed = submit(Map.of("steps", 10, "failAt", 4), "?wait=PT10S").getResponseBody();

        assertThat(failed).containsEntry("state", "FAILED").doesNotContainKey("result");
        @SuppressWarnings("unchecked")
        Map<String, Object> error = (Map<String, Object>) failed.get("error");
        assertThat(error).containsEntry("title", "Job failed").containsEntry("detail", "counting failed at step 4")
                .containsEntry("type", "https://corojobs.dev/problems/job-failed");
        assertThat(get("/actuator/health").getResponseBody()).containsEntry("status", "UP");
    }

    @Test
    void deleteCancelsARunningJobAndClosesItsWorkThenDeletesItsRecord() {
        String id = (String) submit(Map.of("steps", 1_000_000, "stepMillis", 1), "").getResponseBody().get("id");
        // the work exists on the replica that claimed the job, once it has
        CountingWork work = (CountingWork) await().atMost(10, TimeUnit.SECONDS)
                .until(() -> jobs.work(UUID.fromString(id)), java.util.Optional::isPresent).orElseThrow();
        await().atMost(10, TimeUnit.SECONDS).until(() -> work.counted() > 0);

        EntityExchangeResult<Map<String, Object>> cancelled = client.delete().uri("/api/v1/jobs/{id}", id).exchange()
                .returnResult(JSON);

        assertThat(cancelled.getStatus()).isEqualTo(HttpStatus.OK);
        assertThat(cancelled.getResponseBody()).containsEntry("state", "CANCELLED");
        assertThat(work.cleanedUp()).isTrue();
        client.delete().uri("/api/v1/jobs/{id}", id).exchange().expectStatus().isNoContent();
        assertProblem(get("/api/v1/jobs/" + id), HttpStatus.NOT_FOUND, id);
    }

    @Test
    void listShowsNewestFirstFilteredByTypeAndState() {
        String first = (String) submit(Map.of("steps", 1), "?wait=10").getResponseBody().get("id");
        String second = (String) submit(Map.of("steps", 1), "?wait=10").getResponseBody().get("id");

        Map<String, Object> page = get("/api/v1/jobs?type=counting-test&state=SUCCEEDED&page=0&size=2").getResponseBody();

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
        assertThat(items).extracting(item -> item.get("id")).containsExactly(second, first);
        assertThat(page).containsEntry("page", 0).containsEntry("size", 2).containsKeys("totalItems", "totalPages");
        assertThat(get("/api/v1/jobs?state=FAILED&type=nothing-like-this").getResponseBody().get("items")).isEqualTo(List.of());
    }

    @Test
    void listItemsAreSummariesWithoutTheResultWhichGetByIdHas() {
        String id = (String) submit(Map.of("steps", 3), "?wait=10").getResponseBody().get("id");

        Map<String, Object> page = get("/api/v1/jobs?type=counting-test&state=SUCCEEDED&size=100").getResponseBody();

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
        assertThat(items).isNotEmpty().allSatisfy(item -> assertThat(item).doesNotContainKey("result"));
        Map<String, Object> listed = items.stream().filter(item -> id.equals(item.get("id"))).findFirst().orElseThrow();
        assertThat(listed).containsEntry("type", "counting-test").containsEntry("state", "SUCCEEDED")
                .containsKeys("submittedAt", "startedAt", "finishedAt", "progress");
        Map<String, Object> job = get("/api/v1/jobs/" + id).getResponseBody();
        assertThat(job).containsEntry("result", Map.of("counted", 3));
        Map<String, Object> withoutResult = new HashMap<>(job);
        withoutResult.remove("result");
        assertThat(listed).isEqualTo(withoutResult);
    }

    @Test
    void eventsStreamStateChangesAndProgressUntilTheJobEnds() throws Exception {
        String id = (String) submit(Map.of("steps", 200, "stepMillis", 10), "").getResponseBody().get("id");
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/jobs/" + id + "/events"))
                .header(HttpHeaders.AUTHORIZATION, TestKeys.bearer(TestKeys.ADMIN))
                .header(HttpHeaders.ACCEPT, MediaType.TEXT_EVENT_STREAM_VALUE).build();

        HttpResponse<String> response = http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .get(30, TimeUnit.SECONDS);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith(MediaType.TEXT_EVENT_STREAM_VALUE));
        List<String> events = response.body().lines().filter(line -> line.startsWith("event:")).toList();
        List<String> data = response.body().lines().filter(line -> line.startsWith("data:")).toList();
        assertThat(events).contains("event:state", "event:progress");
        assertThat(data.getLast()).contains("\"state\":\"SUCCEEDED\"").contains("\"counted\":200");
        http.close();
    }

    @Test
    void eventsOfAFinishedJobSendItOnceAndEnd() throws Exception {
        String id = (String) submit(Map.of("steps", 1), "?wait=10").getResponseBody().get("id");
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> response = http.sendAsync(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/jobs/" + id + "/events"))
                        .header(HttpHeaders.AUTHORIZATION, TestKeys.bearer(TestKeys.ADMIN)).build(),
                HttpResponse.BodyHandlers.ofString()).get(30, TimeUnit.SECONDS);

        assertThat(response.body().lines().filter(line -> line.startsWith("data:")).toList())
                .singleElement().asString().contains("SUCCEEDED");
        http.close();
    }

    @Test
    void unknownIdsAre404Problems() {
        String id = UUID.randomUUID().toString();
        assertProblem(get("/api/v1/jobs/" + id), HttpStatus.NOT_FOUND, id);
        assertProblem(client.delete().uri("/api/v1/jobs/" + id).exchange().returnResult(JSON), HttpStatus.NOT_FOUND, id);
        assertProblem(client.get().uri("/api/v1/jobs/" + id + "/events").exchange().returnResult(JSON),
                HttpStatus.NOT_FOUND, id);
        EntityExchangeResult<String> fromEventSource = client.get().uri("/api/v1/jobs/" + id + "/events")
                .accept(MediaType.TEXT_EVENT_STREAM).exchange().returnResult(String.class);
        assertThat(fromEventSource.getStatus()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(fromEventSource.getResponseBody()).contains(id);
    }

    @Test
    void anUnknownJobTypeIsA404ProblemListingTheTypes() {
        EntityExchangeResult<Map<String, Object>> response = client.post().uri("/api/v1/jobs/no-such-jobs")
                .contentType(MediaType.APPLICATION_JSON).body(Map.of()).exchange().returnResult(JSON);

        assertProblem(response, HttpStatus.NOT_FOUND, "no-such-jobs");
        assertThat((String) response.getResponseBody().get("detail")).contains("counting-tests");
    }

    @Test
    void badQueryValuesAre400ProblemsNamingTheParameter() {
        String id = (String) submit(Map.of("steps", 1), "?wait=10").getResponseBody().get("id");
        assertProblem(get("/api/v1/jobs/" + id + "?wait=soon"), HttpStatus.BAD_REQUEST, "'wait'");
        assertProblem(get("/api/v1/jobs/" + id + "?wait=PT61S"), HttpStatus.BAD_REQUEST, "'wait'");
        assertProblem(submit(Map.of("steps", 1), "?wait=-3"), HttpStatus.BAD_REQUEST, "'wait'");
        assertProblem(get("/api/v1/jobs/not-a-uuid"), HttpStatus.BAD_REQUEST, "'id'");
        assertProblem(get("/api/v1/jobs?state=DONE"), HttpStatus.BAD_REQUEST, "'state'");
        assertProblem(get("/api/v1/jobs?page=-1"), HttpStatus.BAD_REQUEST, "'page'");
        assertProblem(get("/api/v1/jobs?page=x"), HttpStatus.BAD_REQUEST, "'page'");
        assertProblem(get("/api/v1/jobs?size=0"), HttpStatus.BAD_REQUEST, "'size'");
        assertProblem(get("/api/v1/jobs?size=1000"), HttpStatus.BAD_REQUEST, "'size'");
    }

    @Test
    void invalidBodiesAre400ProblemsNamingTheField() {
        assertProblem(submit(Map.of("steps", "many"), ""), HttpStatus.BAD_REQUEST, "'steps'");
        assertProblem(submit(Map.of("stepMillis", 1), ""), HttpStatus.BAD_REQUEST, "'steps'");
        assertProblem(submit(Map.of("steps", -1), ""), HttpStatus.BAD_REQUEST, "'steps'");
        EntityExchangeResult<Map<String, Object>> malformed = client.post().uri("/api/v1/jobs/counting-tests")
                .contentType(MediaType.APPLICATION_JSON).body("{\"steps\": ").exchange().returnResult(JSON);
        assertProblem(malformed, HttpStatus.BAD_REQUEST, "JSON");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> errors = (List<Map<String, Object>>) submit(Map.of("steps", "many"), "")
                .getResponseBody().get("errors");
        assertThat(errors).singleElement().satisfies(error -> assertThat(error).containsEntry("field", "steps"));
    }

    @Test
    void anUnsupportedMediaTypeIsA415Problem() {
        EntityExchangeResult<Map<String, Object>> response = client.post().uri("/api/v1/jobs/counting-tests")
                .contentType(MediaType.TEXT_PLAIN).body("steps=3").exchange().returnResult(JSON);

        assertProblem(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "text/plain");
    }

    @Test
    void theSameIdempotencyKeyReturnsTheSameJobAndADifferentBodyIsAConflict() {
        EntityExchangeResult<Map<String, Object>> first = client.post().uri("/api/v1/jobs/counting-tests?wait=10")
                .contentType(MediaType.APPLICATION_JSON).header("Idempotency-Key", "abc-1").body(Map.of("steps", 2))
                .exchange().returnResult(JSON);
        EntityExchangeResult<Map<String, Object>> again = client.post().uri("/api/v1/jobs/counting-tests")
                .contentType(MediaType.APPLICATION_JSON).header("Idempotency-Key", "abc-1").body(Map.of("steps", 2))
                .exchange().returnResult(JSON);
        EntityExchangeResult<Map<String, Object>> other = client.post().uri("/api/v1/jobs/counting-tests")
                .contentType(MediaType.APPLICATION_JSON).header("Idempotency-Key", "abc-1").body(Map.of("steps", 3))
                .exchange().returnResult(JSON);

        assertThat(again.getStatus()).isEqualTo(HttpStatus.OK);
        assertThat(again.getResponseBody().get("id")).isEqualTo(first.getResponseBody().get("id"));
        assertProblem(other, HttpStatus.CONFLICT, "abc-1");
    }

    @Test
    void jobMetricsChangeWhenJobsRun() {
        double submittedBefore = metric("corojobs_jobs_submitted_total", "type=\"counting-test\"");
        double succeededBefore = metric("corojobs_job_duration_seconds_count", "outcome=\"succeeded\"");

        submit(Map.of("steps", 3), "?wait=10");
        submit(Map.of("steps", 3, "failAt", 1), "?wait=10");

        assertThat(metric("corojobs_jobs_submitted_total", "type=\"counting-test\"")).isEqualTo(submittedBefore + 2);
        assertThat(metric("corojobs_job_duration_seconds_count", "outcome=\"succeeded\"")).isEqualTo(succeededBefore + 1);
        assertThat(metric("corojobs_job_duration_seconds_count", "outcome=\"failed\"")).isPositive();
        assertThat(metric("corojobs_jobs", "state=\"succeeded\"")).isPositive();
        assertThat(metric("corojobs_jobs", "state=\"queued\"")).isNotNegative();
        assertThat(scrape()).contains("corojobs_job_duration_seconds_bucket{");
    }

    private String scrape() {
        return client.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody();
    }

    /** The value of the first sample of {@code name} with the counting-test type and {@code label}. */
    private double metric(String name, String label) {
        Pattern sample = Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)} (\\S+)$", Pattern.MULTILINE);
        Matcher matcher = sample.matcher(scrape());
        while (matcher.find()) {
            if (matcher.group(1).contains("type=\"counting-test\"") && matcher.group(1).contains(label)) {
                return Double.parseDouble(matcher.group(2));
            }
        }
        return 0;
    }

    @Test
    void aBodyOverTheLimitIsA413ProblemWhetherItsLengthIsKnownOrStreamed() throws Exception {
        String big = "{\"steps\": 1, \"padding\": \"" + "x".repeat(4096) + "\"}";
        EntityExchangeResult<Map<String, Object>> known = client.post().uri("/api/v1/jobs/counting-tests")
                .contentType(MediaType.APPLICATION_JSON).body(big).exchange().returnResult(JSON);
        assertProblem(known, HttpStatus.CONTENT_TOO_LARGE, "2048 bytes");

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> streamed = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/api/v1/jobs/counting-tests"))
                        .header(HttpHeaders.AUTHORIZATION, TestKeys.bearer(TestKeys.ADMIN))
                        .header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
                        .POST(HttpRequest.BodyPublishers.ofInputStream(
                                () -> new java.io.ByteArrayInputStream(big.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(streamed.statusCode()).isEqualTo(413);
        assertThat(streamed.headers().firstValue("Content-Type")).hasValue(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        http.close();
    }

    @Test
    void theOpenApiDocumentDescribesTheJobEndpoints() {
        Map<String, Object> document = get("/v3/api-docs").getResponseBody();

        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");
        assertThat(paths).containsKeys("/api/v1/jobs", "/api/v1/jobs/{id}", "/api/v1/jobs/{id}/events",
                "/api/v1/jobs/counting-tests");
        assertThat(paths.get("/api/v1/jobs/{id}")).containsKeys("get", "delete");
        assertThat(paths.get("/api/v1/jobs/{id}").get("get").toString()).contains("#/components/schemas/Job");
        assertThat(paths.get("/api/v1/jobs").get("get").toString()).contains("List jobs");
        assertThat(paths.get("/api/v1/jobs/counting-tests").get("post").toString())
                .contains("202", "400", "413", "415", "429", "503", "Retry-After");
        assertThat(document.get("info").toString()).contains("corojobs API");
        assertThat(document.get("components").toString()).contains("ProblemDetail");
    }
}
