package dev.corojobs.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * Request validation and status codes of the generic job API (read, list, cancel, follow, task dumps, unknown
 * types) without a server: the web layer over the real in-memory job service, with the counting test job type.
 */
@WebMvcTest(controllers = {JobsController.class, TaskDumpController.class, UnknownJobTypeController.class},
        properties = "corojobs.jobs.max-request-size=2KB")
@Import({WebSliceBeans.class, CountingJobType.class})
class JobsControllerWebTest {

    @Autowired
    MockMvcTester mvc;

    static void assertProblem(MvcTestResult result, HttpStatus status, String detailMentions) {
        assertThat(result).hasStatus(status).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(status.value());
        assertThat(result).bodyJson().extractingPath("$.detail").asString().contains(detailMentions);
        assertThat(result).bodyText().doesNotContain("at dev.corojobs", "Exception:");
    }

    static void assertField(MvcTestResult result, String field) {
        assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray().containsExactly(field);
    }

    @ParameterizedTest(name = "GET {0}")
    @CsvSource(delimiter = '|', textBlock = """
            /api/v1/jobs/00000000-0000-0000-0000-000000000001?wait=soon  | wait
            /api/v1/jobs/00000000-0000-0000-0000-000000000001?wait=PT61S | wait
            /api/v1/jobs/00000000-0000-0000-0000-000000000001?wait=-3    | wait
            /api/v1/jobs/not-a-uuid                                      | id
            /api/v1/jobs/not-a-uuid/events                               | id
            /api/v1/jobs?state=DONE                                      | state
            /api/v1/jobs?page=-1                                         | page
            /api/v1/jobs?page=x                                          | page
            /api/v1/jobs?size=0                                          | size
            /api/v1/jobs?size=101                                        | size
            /api/v1/jobs?size=x                                          | size
            /api/v1/runtime/tasks?size=0                                 | size
            /api/v1/runtime/tasks?size=100001                            | size
            /api/v1/runtime/tasks?page=-1                                | page
            /api/v1/runtime/tasks?page=99999999999                       | page
            /api/v1/runtime/tasks?kind=threads                           | kind
            /api/v1/jobs/00000000-0000-0000-0000-000000000001/tasks?size=0 | size
            """)
    void badQueryValuesAre400ProblemsNamingTheParameter(String uri, String parameter) {
        MvcTestResult result = mvc.get().uri(uri).exchange();

        assertProblem(result, HttpStatus.BAD_REQUEST, "'" + parameter + "'");
        assertField(result, parameter);
    }

    @Test
    void unknownIdsAre404ProblemsNamingTheId() {
        String id = UUID.randomUUID().toString();

        assertProblem(mvc.get().uri("/api/v1/jobs/{id}", id).exchange(), HttpStatus.NOT_FOUND, id);
        assertProblem(mvc.get().uri("/api/v1/jobs/{id}?wait=1", id).exchange(), HttpStatus.NOT_FOUND, id);
        assertProblem(mvc.delete().uri("/api/v1/jobs/{id}", id).exchange(), HttpStatus.NOT_FOUND, id);
        assertProblem(mvc.get().uri("/api/v1/jobs/{id}/events", id).exchange(), HttpStatus.NOT_FOUND, id);
        assertProblem(mvc.get().uri("/api/v1/jobs/{id}/tasks", id).exchange(), HttpStatus.NOT_FOUND, id);
        MvcTestResult fromEventSource = mvc.get().uri("/api/v1/jobs/{id}/events", id)
                .accept(MediaType.TEXT_EVENT_STREAM).exchange();
        assertThat(fromEventSource).hasStatus(HttpStatus.NOT_FOUND).bodyText().contains(id);
    }

    @Test
    void anEmptyListIsAPageWithNoItems() {
        assertThat(mvc.get().uri("/api/v1/jobs?type=nothing-like-this&state=FAILED&page=3&size=100").exchange())
                .hasStatusOk().bodyJson()
                .hasPathSatisfying("$.items", items -> assertThat(items).asArray().isEmpty())
                .hasPathSatisfying("$.page", page -> assertThat(page).asNumber().isEqualTo(3))
                .hasPathSatisfying("$.size", size -> assertThat(size).asNumber().isEqualTo(100));
    }

    @Test
    void anUnknownJobTypeIsA404ProblemListingTheTypes() {
        MvcTestResult result = mvc.post().uri("/api/v1/jobs/no-such-jobs").contentType(MediaType.APPLICATION_JSON)
                .content("{}").exchange();

        assertProblem(result, HttpStatus.NOT_FOUND, "no-such-jobs");
        assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("counting-tests");
    }

    @Test
    void aKnownTypeSentAsAnotherMediaTypeIsA415Problem() {
        MvcTestResult result = mvc.post().uri("/api/v1/jobs/counting-tests").contentType(MediaType.TEXT_PLAIN)
                .content("steps=3").exchange();

        assertProblem(result, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "text/plain");
    }

    @Test
    void invalidBodiesAre400ProblemsNamingTheField() {
        assertField(submit("{\"steps\": \"many\"}", ""), "steps");
        assertField(submit("{\"stepMillis\": 1}", ""), "steps");
        assertField(submit("{\"steps\": -1}", ""), "steps");
        assertField(submit("{\"steps\": 1, \"stepMillis\": 5000}", ""), "stepMillis");
        assertProblem(submit("{\"steps\": ", ""), HttpStatus.BAD_REQUEST, "JSON");
        assertProblem(submit("[1, 2]", ""), HttpStatus.BAD_REQUEST, "");
    }

    @Test
    void badWaitAndTimeoutOnSubmitAre400sAndNoJobIsKept() throws Exception {
        Object before = countingJobs();

        assertField(submit("{\"steps\": 1}", "?wait=-3"), "wait");
        assertField(submit("{\"steps\": 1}", "?wait=soon"), "wait");
        assertField(submit("{\"steps\": 1}", "?timeout=soon"), "timeout");
        assertField(submit("{\"steps\": 1}", "?timeout=0"), "timeout");
        assertField(submit("{\"steps\": 1}", "?timeout=PT2H"), "timeout");

        assertThat(countingJobs()).isEqualTo(before);
    }

    private Object countingJobs() throws Exception {
        MvcTestResult list = mvc.get().uri("/api/v1/jobs?type=counting-test").exchange();
        assertThat(list).hasStatusOk();
        return com.jayway.jsonpath.JsonPath.read(list.getResponse().getContentAsString(), "$.totalItems");
    }

    @Test
    void aBodyOverTheLimitIsA413Problem() {
        String big = "{\"steps\": 1, \"padding\": \"" + "x".repeat(4096) + "\"}";

        assertProblem(submit(big, ""), HttpStatus.CONTENT_TOO_LARGE, "2048 bytes");
    }

    @Test
    void aValidSubmissionIsAccepted() {
        MvcTestResult accepted = submit("{\"steps\": 1}", "?wait=PT10S");

        assertThat(accepted).hasStatusOk().bodyJson().extractingPath("$.state").isEqualTo("SUCCEEDED");
    }

    private MvcTestResult submit(String body, String query) {
        return mvc.post().uri("/api/v1/jobs/counting-tests" + query).contentType(MediaType.APPLICATION_JSON)
                .content(body).exchange();
    }
}
