package dev.corojobs.pipeline.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corojobs.web.WebSliceBeans;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * Request validation and status codes of the log-analysis endpoint without a server: the web layer over the real
 * job service and the real log-analysis job type (spec parser, data directory checks).
 */
@WebMvcTest(LogAnalysisJobsController.class)
@Import({WebSliceBeans.class, LogAnalysisJobType.class})
@EnableConfigurationProperties(LogAnalysisProperties.class)
class LogAnalysisJobsControllerWebTest {

    private static final byte[] LOG = """
            83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET /presentations/logstash-monitorama-2013/images/kibana-search.png HTTP/1.1" 200 203023 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36"
            """.getBytes(StandardCharsets.US_ASCII);
    private static final Path DATA_DIR = dataDir();

    @Autowired
    MockMvcTester mvc;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("corojobs.pipeline.data-dir", DATA_DIR::toString);
    }

    private static Path dataDir() {
        try {
            Path dir = Files.createTempDirectory("corojobs-slice-data-");
            Files.write(dir.resolve("one.log"), LOG);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private MvcTestResult submitJson(String body) {
        return mvc.post().uri("/api/v1/jobs/log-analysis").contentType(MediaType.APPLICATION_JSON)
                .content(body.replace('\'', '"')).exchange();
    }

    private MvcTestResult upload(String spec) {
        var request = mvc.post().uri("/api/v1/jobs/log-analysis").multipart()
                .file(new MockMultipartFile("file", "access.log", MediaType.APPLICATION_OCTET_STREAM_VALUE, LOG));
        if (spec != null) {
            request = request.file(new MockMultipartFile("spec", "", MediaType.APPLICATION_JSON_VALUE,
                    spec.replace('\'', '"').getBytes(StandardCharsets.UTF_8)));
        }
        return request.exchange();
    }

    /** {@code errors[].field} a dotted path, {@code pointer} the JSON pointer ({@code null}: none). */
    private static void assertBadRequestNaming(MvcTestResult result, String field, String pointer) {
        assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("'" + field + "'");
        assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray().containsExactly(field);
        if (pointer == null) {
            assertThat(result).bodyJson().doesNotHavePath("$.pointer");
        } else {
            assertThat(result).bodyJson().extractingPath("$.pointer").isEqualTo(pointer);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc/passwd", "/etc/passwd", "sub/../../x.log", "..", "missing.log"})
    void pathsOutsideTheDataDirectoryOrMissingAre400(String path) {
        assertBadRequestNaming(submitJson("{'source': {'path': '" + path + "'}}"), "source.path", "/source/path");
    }

    @Test
    void invalidSpecsAre400NamingTheField() {
        assertBadRequestNaming(submitJson("{'branches': [{'name': 'x', 'groupBy': 'ip'}]}"), "source.path", "/source/path");
        assertBadRequestNaming(submitJson("{'source': {'path': 'one.log'}, 'branches': [{'name': 'x', 'groupBy': 'ip'}, "
                + "{'name': 'y', 'groupBy': 'country'}]}"), "branches[1].groupBy", "/branches/1/groupBy");
        assertBadRequestNaming(submitJson("{'source': {'path': 'one.log'}, 'mode': 'parallel'}"), "mode", "/mode");
        assertBadRequestNaming(submitJson("{'source': {'path': 'one.log', 'extra': 1}}"), "source", "/source");
        assertBadRequestNaming(upload("{'branches': [{'name': 'x', 'groupBy': 'ip', 'where': {'status': ['4x4']}}]}"),
                "spec.branches[0].where.status[0]", "/spec/branches/0/where/status/0");
        assertBadRequestNaming(upload("{not json"), "spec", null);
        assertBadRequestNaming(upload("[1]"), "spec", null);
        assertBadRequestNaming(upload("{'mode': 'parallel'}"), "spec.mode", "/spec/mode");
    }

    @Test
    void badWaitAndTimeoutAre400s() {
        assertBadRequestNaming(mvc.post().uri("/api/v1/jobs/log-analysis?wait=soon").contentType(MediaType.APPLICATION_JSON)
                .content("{\"source\": {\"path\": \"one.log\"}}").exchange(), "wait", null);
        assertBadRequestNaming(mvc.post().uri("/api/v1/jobs/log-analysis?timeout=-1").contentType(MediaType.APPLICATION_JSON)
                .content("{\"source\": {\"path\": \"one.log\"}}").exchange(), "timeout", null);
    }

    @Test
    void aMissingFilePartIs400() {
        MvcTestResult result = mvc.post().uri("/api/v1/jobs/log-analysis").multipart()
                .file(new MockMultipartFile("spec", "", MediaType.APPLICATION_JSON_VALUE, "{}".getBytes(StandardCharsets.UTF_8)))
                .exchange();

        assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("file");
    }

    @Test
    void malformedJsonAndOtherMediaTypesAreProblems() {
        MvcTestResult malformed = submitJson("{'source': ");
        assertThat(malformed).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(malformed).bodyJson().extractingPath("$.detail").asString().contains("JSON");

        MvcTestResult text = mvc.post().uri("/api/v1/jobs/log-analysis").contentType(MediaType.TEXT_PLAIN)
                .content("one.log").exchange();
        assertThat(text).hasStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void aValidRequestRunsTheJob() {
        assertThat(submitJson("{'source': {'path': 'one.log'}}").getResponse().getStatus()).isEqualTo(202);
        assertThat(mvc.post().uri("/api/v1/jobs/log-analysis?wait=PT20S").contentType(MediaType.APPLICATION_JSON)
                .content("{\"source\": {\"path\": \"one.log\"}}").exchange())
                .hasStatusOk().bodyJson().extractingPath("$.result.lines.parsed").asNumber().isEqualTo(1);
    }
}
