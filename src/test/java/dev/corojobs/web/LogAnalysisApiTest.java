package dev.corojobs.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.corojobs.ApiTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

/** log-analysis jobs through real HTTP: uploads (plain and gzip), files in the data directory, and bad input. */
@ApiTest
class LogAnalysisApiTest {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };
    private static final Map<String, Object> SEED_BRANCH = Map.of("name", "seed", "groupBy", "ip",
            "where", Map.of("ipPrefix", List.of("83.149.9.216", "93.114.45.13", "207.241.237.101")));
    private static final Path DATA_DIR = LogAnalysisDataDir.DIR;

    @Autowired
    RestTestClient client;

    static byte[] fixture(String name) {
        try (InputStream in = Objects.requireNonNull(LogAnalysisApiTest.class.getResourceAsStream("/accesslogs/" + name))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private EntityExchangeResult<Map<String, Object>> upload(byte[] log, String spec) {
        MultiValueMap<String, Object> body = new LinkedMultiValueMap<>();
        body.add("file", filePart(log, "access.log"));
        if (spec != null) {
            body.add("spec", jsonPart(spec));
        }
        return client.post().uri("/api/v1/jobs/log-analysis?wait=PT30S")
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(body)
                .exchange()
                .returnResult(JSON);
    }

    private EntityExchangeResult<Map<String, Object>> submitJson(Object body) {
        return client.post().uri("/api/v1/jobs/log-analysis?wait=PT30S")
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .exchange()
                .returnResult(JSON);
    }

    static HttpEntity<ByteArrayResource> filePart(byte[] content, String filename) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_OCTET_STREAM);
        headers.setContentDispositionFormData("file", filename);
        return new HttpEntity<>(new ByteArrayResource(content), headers);
    }

    static HttpEntity<String> jsonPart(String json) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return new HttpEntity<>(json, headers);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> result(EntityExchangeResult<Map<String, Object>> response) {
        assertThat(response.getStatus()).isEqualTo(HttpStatus.OK);
        assertThat(response.getResponseBody()).containsEntry("type", "log-analysis").containsEntry("state", "SUCCEEDED");
        return (Map<String, Object>) response.getResponseBody().get("result");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> branch(Map<String, Object> result, String name) {
        return (Map<String, Object>) ((Map<String, Object>) result.get("branches")).get(name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> lines(Map<String, Object> result) {
        return (Map<String, Object>) result.get("lines");
    }

    private static long uploadsLeft() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("corojobs-upload-")).count();
        }
    }

    /** The simulation style: {@code errors[].field} a dotted path, {@code pointer} the JSON pointer ({@code null}: none). */
    private static void assertBadRequestNaming(EntityExchangeResult<Map<String, Object>> response, String field,
                                               String pointer) {
        assertThat(response.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        Map<String, Object> problem = response.getResponseBody();
        assertThat((String) problem.get("detail")).contains("'" + field + "'");
        assertThat(problem.get("errors")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .singleElement().asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsOnlyKeys("field", "message").containsEntry("field", field);
        if (pointer == null) {
            assertThat(problem).doesNotContainKey("pointer");
        } else {
            assertThat(problem).containsEntry("pointer", pointer);
        }
    }

    @Test
    void multipartUploadWithASpecRunsTheSeedBranchAndDeletesTheUpload() throws IOException {
        long before = uploadsLeft();
        Map<String, Object> result = result(upload(fixture("apache_logs-excerpt.log"),
                "{\"mode\": \"threaded\", \"branches\": [{\"name\": \"seed\", \"groupBy\": \"ip\", \"where\": "
                        + "{\"ipPrefix\": [\"83.149.9.216\", \"93.114.45.13\", \"207.241.237.101\"]}}]}"));
        assertThat(branch(result, "seed")).containsEntry("counts", Map.of("83.149.9.216", 23, "93.114.45.13", 6));
        assertThat(lines(result)).containsEntry("read", 44).containsEntry("parsed", 43).containsEntry("malformed", 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> uploadsLeft() <= before);
    }

    @Test
    void multipartUploadWithoutASpecGivesTheDefaultReport() {
        Map<String, Object> result = result(upload(fixture("hackers-access-excerpt.log"), null));
        @SuppressWarnings("unchecked")
        Map<String, Object> branches = (Map<String, Object>) result.get("branches");
        assertThat(branches).isEmpty();
        @SuppressWarnings("unchecked")
        Map<String, Object> hosts = (Map<String, Object>) ((Map<String, Object>) result.get("report")).get("hosts");
        assertThat(hosts.get("data")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .anySatisfy(row -> assertThat(row).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                        .containsEntry("data", "2001:41d0:8:f69::1"));
    }

    @Test
    void gzipUploadIsRecognizedByItsMagicBytes() throws IOException {
        byte[] plain = fixture("apache_logs-excerpt.log");
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(packed)) {
            gzip.write(plain);
        }
        Map<String, Object> fromGzip = result(upload(packed.toByteArray(), null));
        Map<String, Object> fromPlain = result(upload(plain, null));
        assertThat(fromGzip).containsEntry("gzip", true).containsEntry("bytes", plain.length);
        assertThat(fromGzip.get("branches")).isEqualTo(fromPlain.get("branches"));
    }

    @Test
    void malformedLinesComeBackAsSamplesWithLineNumbers() {
        Map<String, Object> result = result(submitJson(Map.of("source", Map.of("path", "sub/pre-fix.log"))));
        assertThat(lines(result)).containsEntry("read", 21).containsEntry("parsed", 15).containsEntry("malformed", 6);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> samples = (List<Map<String, Object>>) lines(result).get("samples");
        assertThat(samples).extracting(s -> s.get("line")).containsExactly(7, 14, 15, 16, 19, 20);
        assertThat(samples.getFirst()).containsEntry("text", "46.161.41.24 - - [18/May/2015:19:05:46 +0000]\"")
                .containsKey("reason");
    }

    @Test
    void jsonBodyNamesAFileInTheDataDirectory() {
        Map<String, Object> result = result(submitJson(Map.of("source", Map.of("path", "excerpt.log"),
                "mode", "inline", "branches", List.of(SEED_BRANCH,
                        Map.of("name", "bytes", "groupBy", "day", "aggregate", "bytes")))));
        assertThat(branch(result, "seed")).containsEntry("distinct", 2);
        assertThat(branch(result, "bytes").get("counts")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsOnlyKeys("2015-05-17", "2015-05-19");
    }

    @Test
    void theSeedNumbersThroughHttp() {
        Assumptions.assumeTrue(Files.isRegularFile(DATA_DIR.resolve("apache_logs")), "../shared is not there");
        for (String mode : List.of("inline", "threaded")) {
            Map<String, Object> result = result(submitJson(Map.of("source", Map.of("path", "apache_logs"),
                    "mode", mode, "branches", List.of(SEED_BRANCH))));
            assertThat(branch(result, "seed")).containsEntry("counts",
                    Map.of("83.149.9.216", 23, "93.114.45.13", 6, "207.241.237.101", 17));
            assertThat(lines(result)).containsEntry("read", 10_000).containsEntry("malformed", 1);
        }
    }

    @Test
    void pathsThatLeaveTheDataDirectoryAre400() {
        for (String path : List.of("../etc/passwd", "/etc/passwd", "sub/../../x.log", "..")) {
            assertBadRequestNaming(submitJson(Map.of("source", Map.of("path", path))), "source.path", "/source/path");
        }
        assertBadRequestNaming(submitJson(Map.of("source", Map.of("path", "missing.log"))), "source.path", "/source/path");
        assertBadRequestNaming(submitJson(Map.of("branches", List.of(SEED_BRANCH))), "source.path", "/source/path");
    }

    @Test
    void invalidSpecsAre400NamingTheField() {
        assertBadRequestNaming(submitJson(Map.of("source", Map.of("path", "excerpt.log"),
                "branches", List.of(SEED_BRANCH, Map.of("name", "x", "groupBy", "country")))), "branches[1].groupBy",
                "/branches/1/groupBy");
        assertBadRequestNaming(upload(fixture("apache_logs-excerpt.log"),
                "{\"branches\": [{\"name\": \"x\", \"groupBy\": \"ip\", \"where\": {\"status\": [\"4x4\"]}}]}"),
                "spec.branches[0].where.status[0]", "/spec/branches/0/where/status/0");
        assertBadRequestNaming(upload(fixture("apache_logs-excerpt.log"), "{not json"), "spec", null);
        assertBadRequestNaming(submitJson(Map.of("source", Map.of("path", "excerpt.log"), "mode", "turbo")), "mode", "/mode");
        assertBadRequestNaming(upload(fixture("apache_logs-excerpt.log"), "{\"mode\": \"turbo\"}"),
                "spec.mode", "/spec/mode");
        assertBadRequestNaming(submitJson(Map.of("source", Map.of("path", "excerpt.log", "extra", 1))),
                "source", "/source");
    }

    @Test
    void aMissingFilePartIs400() {
        MultiValueMap<String, Object> body = new LinkedMultiValueMap<>();
        body.add("spec", jsonPart("{}"));
        EntityExchangeResult<Map<String, Object>> response = client.post().uri("/api/v1/jobs/log-analysis")
                .contentType(MediaType.MULTIPART_FORM_DATA).body(body).exchange().returnResult(JSON);
        assertBadRequestNaming(response, "file", null);
    }

    @Test
    void theSampleLogIsInTheDataDirectoryFromTheStart() {
        Map<String, Object> result = result(submitJson(Map.of("source", Map.of("path", "sample/access.log"))));
        assertThat(lines(result)).containsEntry("read", 300).containsEntry("parsed", 300);
        assertThat(result).containsEntry("format", "combined").doesNotContainKey("warnings");
    }

    @Test
    void aMissingFileNamesTheDataDirectory() {
        EntityExchangeResult<Map<String, Object>> response = submitJson(Map.of("source", Map.of("path", "nope.log")));
        assertBadRequestNaming(response, "source.path", "/source/path");
        assertThat((String) response.getResponseBody().get("detail")).contains(DATA_DIR.toAbsolutePath().toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aLogInTheWrongFormatFailsWithAProblemNamingBetterFormats() {
        EntityExchangeResult<Map<String, Object>> response = submitJson(Map.of(
                "source", Map.of("path", "sample/access.log"), "format", "vhost_combined"));
        assertThat(response.getStatus()).isEqualTo(HttpStatus.OK);
        assertThat(response.getResponseBody()).containsEntry("state", "FAILED");
        Map<String, Object> error = (Map<String, Object>) response.getResponseBody().get("error");
        assertThat(error).containsEntry("type", "https://corojobs.dev/problems/log-format-mismatch")
                .containsEntry("format", "vhost_combined").containsEntry("linesRead", 300).containsEntry("malformed", 300);
        assertThat((String) error.get("detail")).contains("300 of 300 lines did not parse as vhost_combined");
        assertThat((List<Map<String, Object>>) error.get("samples")).hasSize(10)
                .allSatisfy(sample -> assertThat((String) sample.get("text")).hasSizeLessThanOrEqualTo(201));
        assertThat((List<Map<String, Object>>) error.get("betterFormats")).first()
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("format", "combined");
    }

    @Test
    void pipelineStagesAreCountedAsTasks() {
        result(submitJson(Map.of("source", Map.of("path", "excerpt.log"), "mode", "threaded", "format", "combined")));
        String metrics = client.get().uri("/actuator/prometheus").exchange().returnResult(String.class).getResponseBody();
        assertThat(metrics).containsPattern("corojobs_tasks_spawned_total\\{[^}]*kind=\"pipeline\"[^}]*} [1-9]")
                .containsPattern("corojobs_tasks_finished_total\\{[^}]*kind=\"pipeline\"[^}]*outcome=\"completed\"[^}]*} [1-9]");
    }

    @Test
    void nullFieldsMeanDefaults() {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("source", Map.of("path", "excerpt.log"));
        body.put("mode", null);
        body.put("branches", null);
        assertThat(result(submitJson(body))).containsKey("report");
    }

    @Test
    void theOpenApiDocumentDescribesBothVariants() {
        Map<String, Object> api = client.get().uri("/v3/api-docs").exchange().returnResult(JSON).getResponseBody();
        assertThat(api.toString()).contains("/api/v1/jobs/log-analysis", "multipart/form-data", "LogAnalysisRequest");
    }

    @Test
    void theReportIsServedAsSelfContainedHtmlAndAsCsvPerPanel() {
        Map<String, Object> job = submitJson(Map.of("source", Map.of("path", "excerpt.log"))).getResponseBody();
        String id = (String) job.get("id");
        var html = client.get().uri("/api/v1/jobs/" + id + "/report.html").exchange().returnResult(String.class);
        assertThat(html.getStatus()).isEqualTo(HttpStatus.OK);
        assertThat(html.getResponseHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
        assertThat(html.getResponseBody()).contains("<svg", "Visitor hostnames and IPs", "83.149.9.216", "Not found URLs")
                .doesNotContain("<script", "http://cdn", "https://cdn", "<link");

        var csv = client.get().uri("/api/v1/jobs/" + id + "/report.csv?panel=hosts").exchange().returnResult(String.class);
        assertThat(csv.getStatus()).isEqualTo(HttpStatus.OK);
        assertThat(csv.getResponseHeaders().getContentType().toString()).startsWith("text/csv");
        String[] rows = csv.getResponseBody().split("\r\n");
        assertThat(rows[0]).isEqualTo("group,data,hits,hits_percent,visitors,visitors_percent,bytes,bytes_percent");
        assertThat(rows).anyMatch(row -> row.startsWith(",83.149.9.216,"));

        var requests = client.get().uri("/api/v1/jobs/" + id + "/report.csv?panel=requests").exchange()
                .returnResult(String.class);
        assertThat(requests.getResponseBody().lines().findFirst().orElseThrow()).endsWith(",method,protocol");
    }

    @Test
    void reportViewsRefuseUnknownPanelsJobsAndJobsWithoutAReport() {
        String id = (String) submitJson(Map.of("source", Map.of("path", "excerpt.log"))).getResponseBody().get("id");
        var unknown = client.get().uri("/api/v1/jobs/" + id + "/report.csv?panel=planets").exchange().returnResult(JSON);
        assertThat(unknown.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat((String) unknown.getResponseBody().get("detail")).contains("planets", "hosts", "status_codes");

        var missing = client.get().uri("/api/v1/jobs/" + java.util.UUID.randomUUID() + "/report.html").exchange()
                .returnResult(JSON);
        assertThat(missing.getStatus()).isEqualTo(HttpStatus.NOT_FOUND);

        String branchesOnly = (String) submitJson(Map.of("source", Map.of("path", "excerpt.log"),
                "branches", List.of(SEED_BRANCH))).getResponseBody().get("id");
        var noReport = client.get().uri("/api/v1/jobs/" + branchesOnly + "/report.csv?panel=hosts").exchange()
                .returnResult(JSON);
        assertThat(noReport.getStatus()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(noReport.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat((String) noReport.getResponseBody().get("detail")).contains("without the report");
    }

    @Test
    void customBranchesCanAskForTheReportToo() {
        Map<String, Object> result = result(submitJson(Map.of("source", Map.of("path", "excerpt.log"),
                "branches", List.of(SEED_BRANCH), "report", Map.of("queryString", false, "rows", 5))));
        assertThat(result).containsKeys("branches", "report");
        @SuppressWarnings("unchecked")
        Map<String, Object> hosts = (Map<String, Object>) ((Map<String, Object>) result.get("report")).get("hosts");
        assertThat(hosts.get("data")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).hasSize(5);
    }
}
