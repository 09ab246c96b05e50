package dev.corojobs.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.corojobs.ApiTest;
import dev.corojobs.security.TestKeys;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A user's first click path, in a real browser: Swagger UI, the scheduler-simulation operation, "Try it out"
 * with the {@code seed} example, Execute, and the job in the response (and the job list, the same way). Needs Debian's chromium and
 * chromium-driver ({@code .ci/run} installs them; the pom's {@code browser} profile switches on when
 * {@code /usr/bin/chromedriver} exists); skipped without them. Screenshot: {@code target/screenshots/swagger-seed.png}.
 */
@Tag("browser")
@ApiTest
class SwaggerUiBrowserTest {

    private static final String OPERATION_PATH = "/api/v1/jobs/scheduler-simulations";
    private static final Path SCREENSHOT = Path.of("target/screenshots/swagger-seed.png");
    private static final Path LIST_SCREENSHOT = Path.of("target/screenshots/swagger-jobs-list.png");

    @LocalServerPort
    private int port;

    @BeforeAll
    static void requireBrowser() {
        assumeTrue(SwaggerUiPage.browserInstalled(),
                "needs /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium chromium-driver)");
    }

    @Test
    void submitsTheSeedSchedulerSimulationWithTryItOut(@TempDir Path userDataDir) {
        try (SwaggerUiPage page = SwaggerUiPage.open("http://127.0.0.1:" + port, userDataDir)) {
            try {
                page.authorize(TestKeys.ADMIN).expand("POST", OPERATION_PATH).tryItOut();
                assertThat(page.exampleNames()).contains("seed");
                String request = page.chooseExample("seed");
                assertThat(request).isNotBlank();

                SwaggerUiPage.Response response = page.execute();

                assertThat(response.status()).as(response.body()).isIn(200, 202);
                JsonNode job = JsonMapper.shared().readTree(response.body());
                assertThat(job.path("id").asString()).isNotBlank();
                assertThat(job.path("type").asString()).isEqualTo("scheduler-simulation");
                assertThat(job.path("state").asString()).isIn("QUEUED", "RUNNING", "SUCCEEDED");
                if (job.path("state").asString().equals("SUCCEEDED")) {
                    assertThat(job.path("result").path("trace").path(0).asString())
                            .isEqualTo("I'm foo and I am living in 1 process");
                }
            } finally {
                page.screenshot(SCREENSHOT);
            }
        }
    }

    @Test
    void listsJobsWithTryItOut(@TempDir Path userDataDir) {
        try (SwaggerUiPage page = SwaggerUiPage.open("http://127.0.0.1:" + port, userDataDir)) {
            try {
                SwaggerUiPage.Response response = page.authorize(TestKeys.READER).expand("GET", "/api/v1/jobs").tryItOut().execute();

                assertThat(response.status()).as(response.body()).isEqualTo(200);
                JsonNode list = JsonMapper.shared().readTree(response.body());
                assertThat(list.path("items").isArray()).as(response.body()).isTrue();
                assertThat(list.path("page").asInt(-1)).isZero();
            } finally {
                page.screenshot(LIST_SCREENSHOT);
            }
        }
    }
}
