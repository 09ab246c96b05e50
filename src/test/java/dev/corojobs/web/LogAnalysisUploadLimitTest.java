package dev.corojobs.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

/** An upload over the (here small) configured limit is a 413 problem, and the service goes on. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.servlet.multipart.max-file-size=8KB", "spring.servlet.multipart.max-request-size=16KB"})
@AutoConfigureRestTestClient
class LogAnalysisUploadLimitTest {

    @Autowired
    RestTestClient client;

    private EntityExchangeResult<Map<String, Object>> upload(int size) {
        byte[] log = LogAnalysisApiTest.fixture("apache_logs-excerpt.log");
        byte[] body = new byte[size];
        for (int i = 0; i < size; i++) {
            body[i] = log[i % log.length];
        }
        MultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
        parts.add("file", LogAnalysisApiTest.filePart(body, "big.log"));
        return client.post().uri("/api/v1/jobs/log-analysis?wait=PT30S")
                .contentType(MediaType.MULTIPART_FORM_DATA).body(parts)
                .exchange().returnResult(new ParameterizedTypeReference<>() {
                });
    }

    @Test
    void overTheLimitIs413WithADetail() {
        EntityExchangeResult<Map<String, Object>> tooBig = upload(64 * 1024);
        assertThat(tooBig.getStatus()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
        assertThat(tooBig.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat((String) tooBig.getResponseBody().get("detail")).contains("limit");

        EntityExchangeResult<Map<String, Object>> small = upload(4 * 1024);
        assertThat(small.getStatus()).isEqualTo(HttpStatus.OK);
        assertThat(small.getResponseBody()).containsEntry("state", "SUCCEEDED");
    }
}
