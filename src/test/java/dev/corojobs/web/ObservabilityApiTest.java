package dev.corojobs.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.corojobs.ApiTest;
import dev.corojobs.runtime.TaskGroup;
import dev.corojobs.runtime.TaskKind;
import dev.corojobs.runtime.TaskState;
import dev.corojobs.runtime.TaskTracker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

/** Task dumps, deadlock problems, timeouts and the long-step counter over real HTTP, with a test job type. */
@ApiTest
class ObservabilityApiTest {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    @Autowired
    RestTestClient client;

    @Autowired
    KernelJobType.Cleanups cleanups;

    @Autowired
    TaskTracker tracker;

    private EntityExchangeResult<Map<String, Object>> submit(Map<String, Object> body, String query) {
        return client.post().uri("/api/v1/jobs/kernel-tests" + query).contentType(MediaType.APPLICATION_JSON)
                .body(body).exchange().returnResult(JSON);
    }

    private Map<String, Object> get(String uri) {
        return client.get().uri(uri).exchange().expectStatus().isOk().returnResult(JSON).getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> tasks(Map<String, Object> dump) {
        return (List<Map<String, Object>>) dump.get("tasks");
    }

    @Test
    void aRunningJobsTasksAreDumpedWithStatesWaitsAndChainsThenItsCleanupRunsOnCancel() {
        String id = (String) submit(Map.of("shape", "busy", "tag", "dump"), "").getResponseBody().get("id");
        await().until(() -> "RUNNING".equals(get("/api/v1/jobs/" + id).get("state")));

        Map<String, Object> dump = get("/api/v1/jobs/" + id + "/tasks");

        assertThat(dump).containsEntry("page", 0).containsEntry("size", 100);
        List<Map<String, Object>> tasks = tasks(dump);
        assertThat(tasks).extracting(t -> t.get("id")).containsExactly(1, 2, 3, 4);
        assertThat(tasks).allSatisfy(t -> assertThat(t).containsEntry("jobId", id).containsEntry("kind", "simulation"));
        assertThat(tasks.get(0)).containsEntry("name", "spinner").containsEntry("state", "ready");
        assertThat(tasks.get(1)).containsEntry("name", "sleeper").containsEntry("state", "suspended")
                .containsKey("waitsOn");
        assertThat((Map<String, Object>) tasks.get(1).get("waitsOn")).containsKey("tick");
        assertThat(tasks.get(2)).containsEntry("name", "waiter").containsEntry("waitsOn", Map.of("task", 1));
        assertThat(tasks.get(3)).containsEntry("name", "outer").containsEntry("chain", List.of("outer", "inner"));
        assertThat(tasks.get(0).get("runs")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.INTEGER)
                .isPositive();
        assertThat(tasks.get(0)).containsEntry("clock", "ticks").containsKey("sinceLastRun");

        // the same tasks show up in the runtime-wide dump under the job's id, and pages split them
        Map<String, Object> all = get("/api/v1/runtime/tasks?kind=simulation&size=100000");
        assertThat(tasks(all)).filteredOn(t -> id.equals(t.get("jobId"))).hasSize(4);
        Map<String, Object> secondPage = get("/api/v1/jobs/" + id + "/tasks?page=1&size=3");
        assertThat(tasks(secondPage)).extracting(t -> t.get("id")).containsExactly(4);

        client.delete().uri("/api/v1/jobs/" + id).exchange().expectStatus().isOk();
        assertThat(cleanups.lines()).contains("dump: spinner cleanup", "dump: sleeper cleanup",
                "dump: waiter cleanup", "dump: inner cleanup", "dump: outer cleanup");
        assertThat(tasks(get("/api/v1/jobs/" + id + "/tasks"))).isEmpty();
    }

    @Test
    void groupsThatCannotListTheirTasksAreShownWithTheirCounts() {
        TaskGroup stages = new TaskGroup() {
            @Override
            public TaskKind kind() {
                return TaskKind.PIPELINE;
            }

            @Override
            public int count(TaskState state) {
                return state == TaskState.SUSPENDED ? 3 : 0;
            }
        };
        tracker.register(stages);
        try {
            Map<String, Object> dump = get("/api/v1/runtime/tasks?kind=pipeline");

            assertThat(tasks(dump)).isEmpty();
            assertThat(dump).containsEntry("liveTasks", 3)
                    .containsEntry("notListed", List.of(Map.of("kind", "pipeline", "liveTasks", 3)));
        } finally {
            tracker.unregister(stages);
        }
    }

    @Test
    void badDumpParametersAre400ProblemsNamingThem() {
        client.get().uri("/api/v1/runtime/tasks?size=0").exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(String.class, d -> assertThat(d).contains("size"));
        client.get().uri("/api/v1/runtime/tasks?page=-1").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(String.class, d -> assertThat(d).contains("page"));
        client.get().uri("/api/v1/runtime/tasks?page=99999999999").exchange().expectStatus().isBadRequest();
        client.get().uri("/api/v1/runtime/tasks?kind=threads").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(String.class, d -> assertThat(d).contains("kind"));
        client.get().uri("/api/v1/jobs/00000000-0000-0000-0000-000000000000/tasks").exchange()
                .expectStatus().isNotFound();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aDeadlockedJobFailsWithADeadlockProblemNamingTheCycle() {
        Map<String, Object> job = submit(Map.of("shape", "deadlock", "tag", "deadlock"), "?wait=10").getResponseBody();

        assertThat(job).containsEntry("state", "FAILED");
        Map<String, Object> error = (Map<String, Object>) job.get("error");
        assertThat(error).containsEntry("type", "https://corojobs.dev/problems/deadlock")
                .containsEntry("cycles", List.of(List.of(1, 2)))
                .containsEntry("waitsFor", List.of("task 1 waits for 2, 2 waits for 1"))
                .containsEntry("blocked", List.of(Map.of("task", 3, "waitsFor", 1, "cycle", 1)));
        assertThat((String) error.get("detail")).contains("task 1 waits for 2, 2 waits for 1")
                .contains("task 3 waits for 1, behind cycle 1");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aJobPastItsTimeoutFailsWithATimeoutProblemAndItsTasksCleanupRuns() {
        Map<String, Object> job = submit(Map.of("shape", "busy", "tag", "timeout"), "?wait=20&timeout=PT0.3S")
                .getResponseBody();

        assertThat(job).containsEntry("state", "FAILED");
        Map<String, Object> error = (Map<String, Object>) job.get("error");
        assertThat((String) error.get("type")).endsWith("timeout");
        assertThat(cleanups.lines()).contains("timeout: spinner cleanup", "timeout: sleeper cleanup",
                "timeout: waiter cleanup", "timeout: outer cleanup");
    }

    @Test
    void aTimeoutOverTheMaximumIsA400NamingTheField() {
        EntityExchangeResult<Map<String, Object>> response =
                submit(Map.of("shape", "busy", "tag", "too-long"), "?timeout=PT11M");

        assertThat(response.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat((String) response.getResponseBody().get("detail")).contains("'timeout'").contains("PT10M");
        assertThat(submit(Map.of("shape", "busy", "tag", "negative"), "?timeout=-PT1S").getStatus())
                .isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void aStepThatHogsItsKernelIsCountedAsALongStep() {
        double before = longSteps();

        submit(Map.of("shape", "hog", "tag", "hog"), "?wait=20");

        await().atMost(Duration.ofSeconds(10)).until(() -> longSteps() >= before + 1);
    }

    private double longSteps() {
        String scrape = client.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody();
        Matcher sample = Pattern.compile("^corojobs_long_steps_total\\{[^}]*kind=\"simulation\"[^}]*} (\\S+)$",
                Pattern.MULTILINE).matcher(scrape);
        assertThat(sample.find()).as("corojobs_long_steps_total{kind=simulation} in " + scrape.length() + " chars").isTrue();
        return Double.parseDouble(sample.group(1));
    }
}
