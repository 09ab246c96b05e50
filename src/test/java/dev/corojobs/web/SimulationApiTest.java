package dev.corojobs.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.corojobs.ApiTest;
import dev.corojobs.SeedTrace;
import dev.corojobs.runtime.TaskKind;
import dev.corojobs.runtime.TaskState;
import dev.corojobs.runtime.TaskTracker;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.json.JsonMapper;

@ApiTest
class SimulationApiTest {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    static final List<String> SEED_TRACE = SeedTrace.LINES;

    @Autowired
    RestTestClient client;

    @Autowired
    TaskTracker tracker;

    private EntityExchangeResult<Map<String, Object>> submit(String body, String query) {
        return client.post().uri("/api/v1/jobs/scheduler-simulations" + query)
                .contentType(MediaType.APPLICATION_JSON)
                .body(body.replace('\'', '"'))
                .exchange()
                .returnResult(JSON);
    }

    private Map<String, Object> job(Object id) {
        return client.get().uri("/api/v1/jobs/{id}", id).exchange().returnResult(JSON).getResponseBody();
    }

    private String trace(Object id) {
        EntityExchangeResult<byte[]> result = client.get().uri("/api/v1/jobs/{id}/trace", id).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_PLAIN)
                .expectBody().returnResult();
        return new String(result.getResponseBody(), StandardCharsets.UTF_8);
    }

    @Test
    @SuppressWarnings("unchecked")
    void seedExampleRunsToTheSeedsNineteenLines() {
        EntityExchangeResult<Map<String, Object>> response = submit("{'example': 'seed'}", "?wait=PT20S");

        assertThat(response.getStatus()).isEqualTo(HttpStatus.OK);
        Map<String, Object> job = response.getResponseBody();
        assertThat(job).containsEntry("type", "scheduler-simulation").containsEntry("state", "SUCCEEDED");
        Map<String, Object> result = (Map<String, Object>) job.get("result");
        assertThat((List<String>) result.get("trace")).containsExactlyElementsOf(SEED_TRACE);
        assertThat(result).containsEntry("traceLines", 19).containsEntry("tasksStarted", 3).containsEntry("steps", 20);
        assertThat((Map<String, Object>) job.get("progress")).containsEntry("steps", 20).containsEntry("tasksAlive", 0);
        assertThat((List<Map<String, Object>>) result.get("tasks"))
                .extracting(task -> task.get("ended")).containsExactly("killed", "completed", "completed");
        assertThat(trace(job.get("id"))).isEqualTo(String.join("\n", SEED_TRACE) + "\n");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSameProgramTwiceGivesTheSameTrace() {
        String program = "{'example': 'fork-join'}";
        Map<String, Object> first = (Map<String, Object>) submit(program, "?wait=PT20S").getResponseBody().get("result");
        Map<String, Object> second = (Map<String, Object>) submit(program, "?wait=PT20S").getResponseBody().get("result");
        assertThat(second.get("trace")).isEqualTo(first.get("trace"));
        assertThat(second.get("tasks")).isEqualTo(first.get("tasks"));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            {'program': {'tasks': {'foo': [{'op': 'getTid', 'into': 'tid'}, {'op': 'yield'}, {'op': 'jump'}]}, 'start': ['foo']}} | program.tasks.foo[2].op | /program/tasks/foo/2/op | unknown op 'jump'
            {'program': {'tasks': {'foo': [{'op': 'spawn', 'task': 'baz'}]}, 'start': ['foo']}}                                | program.tasks.foo[0].task | /program/tasks/foo/0/task | unknown task 'baz'
            {'program': {'tasks': {'foo': [{'op': 'print', 'text': 'I am {tid}'}]}, 'start': ['foo']}}                          | program.tasks.foo[0].text | /program/tasks/foo/0/text | undefined variable 'tid'
            {'program': {'tasks': {'foo': [{'op': 'wait', 'tid': '{who}'}]}, 'start': ['foo']}}                                 | program.tasks.foo[0].tid  | /program/tasks/foo/0/tid  | undefined variable 'who'
            {'program': {'tasks': {'foo': [{'op': 'repeat', 'times': -1, 'body': []}]}, 'start': ['foo']}}                      | program.tasks.foo[0].times | /program/tasks/foo/0/times | must be at least 0
            {'program': {'tasks': {'foo': [{'op': 'yield'}]}, 'start': [{'task': 'foo', 'count': 5000000}]}}                    | program.start[0]          | /program/start/0          | at most 1000000 tasks
            {'program': {'tasks': {'foo': [{'op': 'yield'}]}, 'start': ['foo'], 'maxSteps': 1000000000000}}                     | program.maxSteps          | /program/maxSteps         | at most 100000000000 steps
            """)
    void badProgramsAre400sNamingThePlace(String body, String field, String pointer, String message) {
        EntityExchangeResult<Map<String, Object>> response = submit(body, "");

        assertThat(response.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        Map<String, Object> problem = response.getResponseBody();
        assertThat(problem).containsEntry("pointer", pointer);
        assertThat((String) problem.get("detail")).contains(field, message);
        assertThat(problem.get("errors")).isEqualTo(List.of(Map.of("field", field, "message", ((List<Map<String, String>>) problem.get("errors")).getFirst().get("message"))));
    }

    @Test
    void badRequestsNameTheirField() {
        assertField(submit("{'example': 'nope'}", ""), "example", "seed");
        assertField(submit("{}", ""), "program", "is required");
        assertField(submit("{'example': 'seed', 'program': {}}", ""), "example", "exclude each other");
        assertField(submit("{'example': 'seed'}", "?timeout=soon"), "timeout", "ISO-8601");
        assertField(submit("{'example': 'seed', 'timeout': 'PT1S'}", ""), "timeout", "query parameter");
        assertField(submit("{'program': 'foo'}", ""), "program", "");
    }

    @SuppressWarnings("unchecked")
    private static void assertField(EntityExchangeResult<Map<String, Object>> response, String field, String message) {
        assertThat(response.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
        List<Map<String, Object>> errors = (List<Map<String, Object>>) response.getResponseBody().get("errors");
        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error).containsEntry("field", field);
            assertThat((String) error.get("message")).contains(message);
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void exceedingMaxStepsFailsAndKeepsThePartialTrace() {
        Map<String, Object> job = submit("{'example': 'max-steps'}", "?wait=PT20S").getResponseBody();

        assertThat(job).containsEntry("state", "FAILED");
        Map<String, Object> error = (Map<String, Object>) job.get("error");
        assertThat(error).containsEntry("type", "https://corojobs.dev/problems/max-steps-exceeded")
                .containsEntry("reason", "max-steps-exceeded");
        assertThat((String) error.get("detail")).contains("maxSteps (25)");
        Map<String, Object> partial = (Map<String, Object>) error.get("partialResult");
        assertThat((List<String>) partial.get("trace")).hasSize(25).endsWith("count 24");
        assertThat(trace(job.get("id")).lines()).hasSize(25).startsWith("count 0");
    }

    @Test
    void theTraceEndpointStreamsLinesBeyondTheTraceLimit() {
        Map<String, Object> job = submit("""
                {'program': {'tasks': {'talker': [{'op': 'getTid', 'into': 'me'},
                   {'op': 'repeat', 'times': 500, 'var': 'i', 'body': [{'op': 'print', 'text': 'talker {me} line {i}'}, {'op': 'yield'}]}]},
                  'start': [{'task': 'talker', 'count': 4}], 'traceLimit': 10}}""", "?wait=PT20S").getResponseBody();

        assertThat(job).containsEntry("state", "SUCCEEDED");
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) job.get("result");
        assertThat((List<?>) result.get("trace")).hasSize(10);
        assertThat(result).containsEntry("traceLines", 2004);
        List<String> lines = trace(job.get("id")).lines().toList();
        assertThat(lines).hasSize(2004).startsWith("talker 1 line 0", "talker 2 line 0")
                .contains("talker 3 line 499").endsWith("Task 4 terminated");
    }

    @Test
    void cancelStopsARunningSimulationPromptly() {
        Map<String, Object> job = submit("""
                {'program': {'tasks': {'spinner': [{'op': 'repeat', 'times': 100000000, 'body': [{'op': 'yield'}]}]},
                  'start': [{'task': 'spinner', 'count': 100}], 'maxSteps': 100000000, 'traceLimit': 0}}""", "").getResponseBody();
        Object id = job.get("id");
        await().atMost(10, TimeUnit.SECONDS).until(() -> "RUNNING".equals(job(id).get("state"))
                && tracker.live(TaskKind.SIMULATION, TaskState.READY) > 0);

        client.delete().uri("/api/v1/jobs/{id}", id).exchange().expectStatus().isOk();

        await().atMost(5, TimeUnit.SECONDS).until(() -> "CANCELLED".equals(job(id).get("state")));
        await().atMost(5, TimeUnit.SECONDS).until(() -> tracker.live(TaskKind.SIMULATION, TaskState.READY) == 0
                && tracker.live(TaskKind.SIMULATION, TaskState.SUSPENDED) == 0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTimeoutEndsTheSimulationAndStopsItsTasks() {
        Map<String, Object> job = submit("""
                {'program': {'tasks': {'spinner': [{'op': 'repeat', 'times': 100000000, 'body': [{'op': 'yield'}]}]},
                  'start': [{'task': 'spinner', 'count': 10}], 'maxSteps': 100000000, 'traceLimit': 0}}""",
                "?wait=PT20S&timeout=PT0.3S").getResponseBody();

        assertThat(job).containsEntry("state", "FAILED");
        assertThat((Map<String, Object>) job.get("error")).containsEntry("type", "https://corojobs.dev/problems/job-timeout");
        await().atMost(5, TimeUnit.SECONDS).until(() -> tracker.live(TaskKind.SIMULATION, TaskState.READY) == 0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void examplesAreListedSeedFirst() {
        List<Map<String, Object>> examples = client.get().uri("/api/v1/scheduler-simulations/examples").exchange()
                .returnResult(new ParameterizedTypeReference<List<Map<String, Object>>>() {
                }).getResponseBody();

        assertThat(examples).extracting(e -> e.get("name")).startsWith("seed")
                .contains("wait-and-sleep", "spawn-many", "fork-join", "kill-sleeper", "deadlock", "max-steps");
        assertThat(examples).allSatisfy(example -> {
            assertThat((String) example.get("description")).isNotBlank();
            assertThat((Map<String, Object>) example.get("program")).containsKeys("tasks", "start");
        });
    }

    @Test
    void traceOfAnUnknownJobIs404() {
        client.get().uri("/api/v1/jobs/{id}/trace", java.util.UUID.randomUUID()).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void swaggerOffersTheSeedExampleFirst() throws Exception {
        String docs = client.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        var examples = MAPPER.readTree(docs).at("/paths/~1api~1v1~1jobs~1scheduler-simulations/post/requestBody/content/application~1json/examples");
        assertThat(examples.propertyNames().iterator().next()).isEqualTo("seed");
        assertThat(examples.get("seed").get("value").toString()).contains("seed");
    }
}
