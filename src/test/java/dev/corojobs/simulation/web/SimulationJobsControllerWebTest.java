package dev.corojobs.simulation.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corojobs.web.WebSliceBeans;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * Request validation and status codes of the scheduler-simulation endpoints without a server: the web layer over
 * the real job service, the real simulation job type (parser, compiler, limits) and the built-in examples.
 */
@WebMvcTest(SimulationJobsController.class)
@Import({WebSliceBeans.class, SimulationJobType.class, SimulationConfiguration.class})
@EnableConfigurationProperties(SimulationProperties.class)
class SimulationJobsControllerWebTest {

    @Autowired
    MockMvcTester mvc;

    private MvcTestResult submit(String body, String query) {
        return mvc.post().uri("/api/v1/jobs/scheduler-simulations" + query).contentType(MediaType.APPLICATION_JSON)
                .content(body.replace('\'', '"')).exchange();
    }

    private static void assertField(MvcTestResult result, String field, String message) {
        assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray().containsExactly(field);
        assertThat(result).bodyJson().extractingPath("$.errors[0].message").asString().contains(message);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            {'program': {'tasks': {'foo': [{'op': 'getTid', 'into': 'tid'}, {'op': 'yield'}, {'op': 'jump'}]}, 'start': ['foo']}} | program.tasks.foo[2].op | /program/tasks/foo/2/op | unknown op 'jump'
            {'program': {'tasks': {'foo': [{'op': 'spawn', 'task': 'baz'}]}, 'start': ['foo']}}                                | program.tasks.foo[0].task | /program/tasks/foo/0/task | unknown task 'baz'
            {'program': {'tasks': {'foo': [{'op': 'print', 'text': 'I am {tid}'}]}, 'start': ['foo']}}                          | program.tasks.foo[0].text | /program/tasks/foo/0/text | undefined variable 'tid'
            {'program': {'tasks': {'foo': [{'op': 'wait', 'tid': '{who}'}]}, 'start': ['foo']}}                                 | program.tasks.foo[0].tid  | /program/tasks/foo/0/tid  | undefined variable 'who'
            {'program': {'tasks': {'foo': [{'op': 'repeat', 'times': -1, 'body': []}]}, 'start': ['foo']}}                      | program.tasks.foo[0].times | /program/tasks/foo/0/times | must be at least 0
            {'program': {'tasks': {'foo': [{'op': 'yield'}]}, 'start': [{'task': 'foo', 'count': 5000000}]}}                    | program.start[0]          | /program/start/0          | at most 1000000 tasks
            {'program': {'tasks': {'foo': [{'op': 'yield'}]}, 'start': ['foo'], 'maxSteps': 1000000000000}}                     | program.maxSteps          | /program/maxSteps         | at most 100000000 steps
            """)
    void badProgramsAre400sNamingThePlace(String body, String field, String pointer, String message) {
        MvcTestResult result = submit(body, "");

        assertField(result, field, "");
        assertThat(result).bodyJson().extractingPath("$.pointer").isEqualTo(pointer);
        assertThat(result).bodyJson().extractingPath("$.detail").asString().contains(field, message);
    }

    @Test
    void badRequestsNameTheirField() {
        assertField(submit("{'example': 'nope'}", ""), "example", "seed");
        assertField(submit("{}", ""), "program", "is required");
        assertField(submit("{'example': 'seed', 'program': {}}", ""), "example", "exclude each other");
        assertField(submit("{'example': 'seed'}", "?timeout=soon"), "timeout", "ISO-8601");
        assertField(submit("{'example': 'seed'}", "?timeout=PT2H"), "timeout", "max-timeout");
        assertField(submit("{'example': 'seed'}", "?wait=PT2M"), "wait", "at most 60 seconds");
        assertField(submit("{'example': 'seed', 'timeout': 'PT1S'}", ""), "timeout", "query parameter");
        assertField(submit("{'program': 'foo'}", ""), "program", "");
    }

    @Test
    void malformedJsonAndOtherMediaTypesAreProblems() {
        MvcTestResult malformed = submit("{'example': ", "");
        assertThat(malformed).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(malformed).bodyJson().extractingPath("$.detail").asString().contains("JSON");

        MvcTestResult text = mvc.post().uri("/api/v1/jobs/scheduler-simulations").contentType(MediaType.TEXT_PLAIN)
                .content("seed").exchange();
        assertThat(text).hasStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void traceOfAnUnknownJobIs404() {
        String id = UUID.randomUUID().toString();

        MvcTestResult result = mvc.get().uri("/api/v1/jobs/{id}/trace", id).exchange();

        assertThat(result).hasStatus(HttpStatus.NOT_FOUND).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.detail").asString().contains(id);
    }

    @Test
    void theExamplesAreListed() {
        assertThat(mvc.get().uri("/api/v1/scheduler-simulations/examples").exchange()).hasStatusOk().bodyJson()
                .extractingPath("$[*].name").asArray().startsWith("seed").contains("deadlock", "max-steps");
    }
}
