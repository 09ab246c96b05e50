package dev.corojobs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.corojobs.ApiTest;
import dev.corojobs.security.TestKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The dashboard in headless Chromium against the real service: submits jobs from the forms and watches them
 * finish (or cancels one) in the table without a reload. Needs Debian's {@code chromium} and
 * {@code chromium-driver}; skipped without them. Screenshots go to {@code target/screenshots/}.
 */
@Tag("browser")
@ApiTest
class DashboardBrowserTest {

    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(60);

    /** One task yielding 100,000,000 times; at one step per job step that takes well over half a minute. */
    private static final String LONG_SIMULATION = """
            {"tasks": {"spinner": [{"op": "repeat", "times": 100000000, "var": "n", "body": [{"op": "yield"}]}]},
             "start": ["spinner"], "maxSteps": 100000000, "traceLimit": 0}""";

    /**
     * Like LONG_SIMULATION with 15,000,000 yields: it outlasts opening the page and its detail view (which the
     * test asserts), and the test waits for its end.
     */
    private static final String SHORTER_SIMULATION = """
            {"tasks": {"counter": [{"op": "repeat", "times": 15000000, "var": "n", "body": [{"op": "yield"}]}]},
             "start": ["counter"], "maxSteps": 100000000, "traceLimit": 0}""";

    private static ChromeDriver browser;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startBrowser() throws IOException {
        assumeTrue(Files.isExecutable(CHROMEDRIVER), "needs " + CHROMEDRIVER + " (apt-get install chromium chromium-driver)");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        if (Files.isExecutable(CHROMIUM)) {
            options.setBinary(CHROMIUM.toFile());
        }
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--hide-scrollbars", "--window-size=1280,800");
        browser = new ChromeDriver(options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void desktopViewport() {
        viewport(1280, 800, false);
    }

    @Test
    void asksForAKeyOnceKeepsItInTheTabAndSendsItOnEveryCall() throws IOException {
        browser.get("http://127.0.0.1:" + port + "/");
        ((JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> browser.findElement(By.id("signin")).isDisplayed());
        assertThat(browser.findElement(By.id("dashboard")).isDisplayed()).isFalse();

        signIn("not-a-key");
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> browser.findElement(By.id("signin-error")).isDisplayed());
        assertThat(browser.findElement(By.id("signin-error")).getText()).contains("refused");
        screenshot("signin-refused");

        signIn(TestKeys.ADMIN);
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> browser.findElements(By.cssSelector("#sim-example option[value=seed]")).size() == 1);
        assertThat(browser.findElement(By.id("signin")).isDisplayed()).isFalse();
        assertThat(((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('corojobs.apiKey')"))
                .isEqualTo(TestKeys.ADMIN);

        browser.navigate().refresh();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> browser.findElement(By.id("dashboard")).isDisplayed());
        assertThat(browser.findElement(By.id("signin")).isDisplayed()).as("the key is kept for the tab").isFalse();

        browser.findElement(By.id("signout")).click();
        assertThat(browser.findElement(By.id("signin")).isDisplayed()).isTrue();
        assertThat(((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('corojobs.apiKey')")).isNull();
    }

    @Test
    void seedSimulationFromTheFormFinishesLiveAndShowsItsTimeline() throws IOException {
        assumeEndpoint("GET", "/api/v1/scheduler-simulations/examples", null);
        open("/");
        markPageLoad();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> browser.findElements(By.cssSelector("#sim-example option[value=seed]")).size() == 1);
        browser.findElement(By.id("sim-source-example")).click();
        browser.findElement(By.id("sim-submit")).click();

        String id = submittedJobId("sim-status");
        By state = By.cssSelector("tr[data-job-id='" + id + "'] td.state-cell");
        await().atMost(JOB_TIMEOUT).ignoreExceptions()
                .until(() -> "SUCCEEDED".equals(browser.findElement(state).getAttribute("data-state")));
        assertThat(samePageLoad()).as("the table updated without a page reload").isTrue();
        screenshot("jobs-1280x800");

        browser.findElement(By.cssSelector("tr[data-job-id='" + id + "'] a.job-link")).click();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> browser.findElements(By.cssSelector("#timeline svg.timeline g.lane")).size() == 3);
        WebElement terminated = browser.findElement(
                By.cssSelector("#timeline g.mark[data-event=exit][data-tid='3']"));
        assertThat(terminated.findElement(By.tagName("title")).getAttribute("textContent")).isEqualTo("Task 3 terminated");
        assertThat(browser.findElement(By.cssSelector("pre.trace")).getText()).contains("Task 3 terminated");
        scrollTo("job-detail");
        screenshot("simulation-1280x800");

        viewport(390, 844, true);
        open("/#/jobs/" + id);
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> browser.findElements(By.cssSelector("#timeline svg.timeline g.lane")).size() == 3);
        scrollTo("job-detail");
        screenshot("simulation-phone");
        open("/");
        screenshot("submit-phone");
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> browser.findElement(state).isDisplayed());
        scrollTo("jobs");
        screenshot("jobs-phone");
    }

    @Test
    void uploadedAccessLogWithTheDefaultReportShowsTheStatusChart() throws IOException {
        assumeEndpoint("GET", "/api/v1/jobs", null);
        assumeEndpoint("POST", "/api/v1/jobs/log-analysis", "{}");
        open("/");
        browser.findElement(By.id("tab-log")).click();
        browser.findElement(By.id("log-file")).sendKeys(accessLog().toAbsolutePath().normalize().toString());
        browser.findElement(By.id("log-report-default")).click();
        browser.findElement(By.id("log-submit")).click();

        String id = submittedJobId("log-status");
        By state = By.cssSelector("tr[data-job-id='" + id + "'] td.state-cell");
        await().atMost(JOB_TIMEOUT).ignoreExceptions()
                .until(() -> "SUCCEEDED".equals(browser.findElement(state).getAttribute("data-state")));
        browser.findElement(By.cssSelector("tr[data-job-id='" + id + "'] a.job-link")).click();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> !browser.findElements(By.cssSelector("#status-chart svg g.bar")).isEmpty());
        List<String> classes = browser.findElements(By.cssSelector("#status-chart svg g.bar")).stream()
                .map(bar -> bar.getAttribute("data-key")).toList();
        assertThat(classes).contains("2xx");
        for (String panel : List.of("visitors", "requests", "static_requests", "not_found", "hosts", "os", "browsers",
                "visit_time", "referring_sites", "referrers", "status_codes")) {
            assertThat(browser.findElements(By.id("panel-" + panel))).as("panel " + panel).hasSize(1);
        }
        assertThat(browser.findElements(By.cssSelector("#panel-table-hosts tbody tr"))).isNotEmpty();
        scrollTo("job-detail");
        screenshot("log-report-1280x800");

        viewport(390, 844, true);
        open("/#/jobs/" + id);
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> !browser.findElements(By.cssSelector("#status-chart svg g.bar")).isEmpty());
        scrollTo("job-detail");
        screenshot("log-report-phone");
    }

    @Test
    void cancelInTheTableCancelsARunningSimulationLive() throws IOException {
        assumeEndpoint("GET", "/api/v1/jobs", null);
        open("/");
        markPageLoad();
        browser.findElement(By.id("sim-source-program")).click();
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]",
                browser.findElement(By.id("sim-program")), LONG_SIMULATION);
        browser.findElement(By.id("sim-submit")).click();

        String id = submittedJobId("sim-status");
        try {
            By row = By.cssSelector("tr[data-job-id='" + id + "']");
            By state = By.cssSelector("tr[data-job-id='" + id + "'] td.state-cell");
            By button = By.cssSelector("tr[data-job-id='" + id + "'] td.actions button");
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                    .until(() -> "RUNNING".equals(browser.findElement(state).getAttribute("data-state")));
            assertThat(browser.findElement(button).getText()).isEqualTo("Cancel");
            screenshot("cancel-running-1280x800");

            browser.findElement(button).click();

            await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                    .until(() -> "CANCELLED".equals(browser.findElement(state).getAttribute("data-state")));
            assertThat(browser.findElement(state).getText()).containsIgnoringCase("cancelled");
            assertThat(browser.findElement(button).getText()).isEqualTo("Remove");
            assertThat(browser.findElement(row).getAttribute("class")).doesNotContain("active");
            assertThat(samePageLoad()).as("the table updated without a page reload").isTrue();
            screenshot("cancelled-1280x800");
        } finally {
            deleteQuietly(id); // cancels it if a check failed first: no 30 s job left running for the other tests
        }
    }

    @Test
    void openJobViewFetchesTheResultWhenOnlyTheListRefreshSawTheJobEnd() throws IOException {
        assumeEndpoint("GET", "/api/v1/jobs", null);
        // Submitted first, so it has a worker; long enough to still run when its view opens.
        String target = submitSimulation(SHORTER_SIMULATION);
        // The three newest active jobs take the page's three event streams: the target gets none, so only the
        // list refresh (whose items have no result) tells the page that it ended.
        List<String> hogs = List.of(submitSimulation(LONG_SIMULATION), submitSimulation(LONG_SIMULATION),
                submitSimulation(LONG_SIMULATION));
        try {
            open("/");
            markPageLoad();
            for (String hog : hogs) {
                await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> browser.findElement(
                        By.cssSelector("tr[data-job-id='" + hog + "'] td.state-cell")).isDisplayed());
            }
            ((JavascriptExecutor) browser).executeScript("location.hash = arguments[0]", "#/jobs/" + target);
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> browser.findElement(
                    By.cssSelector("#detail-body .detail-head")).getText().contains(target));
            assertThat(browser.findElement(By.id("detail-body")).getText())
                    .as("the view opened while the job ran").contains("the result appears here when the job ends");

            // the simulation view (figures, timeline, trace) is drawn only from a result
            By resultView = By.cssSelector("#detail-body .detail-result dl.stats");
            await().atMost(JOB_TIMEOUT).ignoreExceptions().until(() -> browser.findElement(resultView).isDisplayed());
            assertThat(browser.findElement(By.id("detail-body")).getText()).contains("SUCCEEDED");
            assertThat(samePageLoad()).as("the view updated without a page reload").isTrue();
        } finally {
            hogs.forEach(this::deleteQuietly);
            deleteQuietly(target);
        }
    }

    @Test
    void badProgramShowsTheApiErrorNextToTheProgramField() throws IOException {
        assumeEndpoint("GET", "/api/v1/scheduler-simulations/examples", null);
        open("/");
        browser.findElement(By.id("sim-source-program")).click();
        WebElement program = browser.findElement(By.id("sim-program"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]", program,
                "{\"tasks\": {\"foo\": [{\"op\": \"jump\"}]}, \"start\": [\"foo\"]}");
        browser.findElement(By.id("sim-submit")).click();

        WebElement error = browser.findElement(By.id("sim-program-error"));
        await().atMost(Duration.ofSeconds(20)).until(error::isDisplayed);
        assertThat(error.getText()).contains("foo").containsIgnoringCase("op");
        assertThat(program.getAttribute("aria-invalid")).isEqualTo("true");
        screenshot("bad-program-1280x800");
    }

    @Test
    void badSpecShowsTheApiErrorNextToTheSpecField() throws IOException {
        assumeEndpoint("POST", "/api/v1/jobs/log-analysis", "{}");
        open("/");
        browser.findElement(By.id("tab-log")).click();
        browser.findElement(By.id("log-file")).sendKeys(accessLog().toAbsolutePath().normalize().toString());
        browser.findElement(By.id("log-report-custom")).click();
        WebElement spec = browser.findElement(By.id("log-spec"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]", spec,
                "{\"branches\": [{\"name\": \"x\", \"groupBy\": \"country\"}]}");
        browser.findElement(By.id("log-submit")).click();

        WebElement error = browser.findElement(By.id("log-spec-error"));
        await().atMost(Duration.ofSeconds(20)).until(error::isDisplayed);
        assertThat(error.getText()).contains("/spec/branches/0/groupBy").contains("one of");
        assertThat(spec.getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.findElement(By.id("log-file-error")).isDisplayed()).isFalse();
        screenshot("bad-spec-1280x800");
    }

    @Test
    void everyControlIsLabelledAndTheJobTypeTabsWorkFromTheKeyboard() throws IOException {
        open("/");
        Object unlabelled = ((JavascriptExecutor) browser).executeScript(
                "return [...document.querySelectorAll('input, select, textarea')]"
                        + ".filter(control => control.labels.length === 0 && !control.getAttribute('aria-label'))"
                        + ".map(control => control.id || control.name)");
        assertThat((List<?>) unlabelled).as("form controls without a label").isEmpty();

        browser.findElement(By.id("tab-sim")).sendKeys(Keys.ARROW_RIGHT);
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("tab-log");
        assertThat(browser.findElement(By.id("log-form")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("sim-form")).isDisplayed()).isFalse();
        browser.switchTo().activeElement().sendKeys(Keys.TAB);
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("log-file");
        screenshot("log-form-1280x800");
    }

    @Test
    void aDirectLinkShowsTheDetailAtTheTopAndTimelineAndRuntimeTableFitAt1280x900() throws Exception {
        assumeEndpoint("GET", "/api/v1/scheduler-simulations/examples", null);
        viewport(1280, 900, false);
        String id = submitSeedExample();
        // the jobs of the tests before may still hold the workers: the view draws the timeline from the result
        await().atMost(JOB_TIMEOUT.multipliedBy(2)).until(() -> jobJson(id).contains("\"SUCCEEDED\""));
        browser.get("about:blank"); // a fresh page load, as a followed link gives (not a hash change of an open page)
        open("/#/jobs/" + id);
        await().atMost(JOB_TIMEOUT).ignoreExceptions()
                .until(() -> browser.findElements(By.cssSelector("#timeline svg.timeline g.lane")).size() == 3);
        JavascriptExecutor js = (JavascriptExecutor) browser;
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(((Number) js.executeScript(
                "return document.getElementById('job-detail').getBoundingClientRect().top")).doubleValue())
                .as("the detail's top, in the viewport").isBetween(-2.0, 120.0));
        screenshot("detail-link-1280x900");

        Boolean timelineFits = (Boolean) js.executeScript("""
                const wrap = document.getElementById('timeline');
                const chart = wrap.querySelector('svg.timeline').getBoundingClientRect();
                const right = wrap.getBoundingClientRect().right - parseFloat(getComputedStyle(wrap).paddingRight);
                const inside = [...wrap.querySelectorAll('svg.timeline text, svg.timeline g.mark')]
                    .every(node => node.getBoundingClientRect().right <= chart.right + 0.5);
                return chart.right <= right + 0.5 && wrap.scrollWidth <= wrap.clientWidth && inside;""");
        assertThat(timelineFits).as("timeline, tick labels and end marks inside the card").isTrue();
        scrollTo("timeline");
        screenshot("timeline-1280x900");

        await().atMost(Duration.ofSeconds(15)).ignoreExceptions()
                .until(() -> browser.findElement(By.id("runtime-tasks")).isDisplayed());
        Boolean tableFits = (Boolean) js.executeScript("""
                const table = document.getElementById('runtime-tasks');
                const wrap = table.parentElement;
                const cells = [...table.querySelectorAll('tr > :last-child')];
                const right = wrap.getBoundingClientRect().right;
                return wrap.scrollWidth <= wrap.clientWidth && cells.every(c => c.getBoundingClientRect().right <= right + 0.5);""");
        assertThat(tableFits).as("the runtime table's last column is visible without scrolling").isTrue();
        scrollTo("runtime");
        screenshot("runtime-1280x900");
    }

    private String jobJson(String id) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/jobs/" + id))
                .header("Authorization", TestKeys.bearer(TestKeys.ADMIN)).GET().build();
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            return client.send(request, HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    private String submitSeedExample() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/jobs/scheduler-simulations?wait=PT20S"))
                .header("Content-Type", "application/json")
                .header("Authorization", TestKeys.bearer(TestKeys.ADMIN))
                .POST(HttpRequest.BodyPublishers.ofString("{\"example\": \"seed\"}")).build();
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            String body = client.send(request, HttpResponse.BodyHandlers.ofString()).body();
            java.util.regex.Matcher match = java.util.regex.Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
            assertThat(match.find()).as("job id in " + body).isTrue();
            return match.group(1);
        }
    }

    /** Opens a page of the dashboard, signing in with the admin key when it asks (once per tab). */
    private void open(String path) {
        browser.get("http://127.0.0.1:" + port + path);
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() ->
                browser.findElement(By.id("signin")).isDisplayed() || browser.findElement(By.id("dashboard")).isDisplayed());
        if (browser.findElement(By.id("signin")).isDisplayed()) {
            signIn(TestKeys.ADMIN);
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .until(() -> browser.findElement(By.id("dashboard")).isDisplayed());
        }
    }

    private void signIn(String key) {
        WebElement input = browser.findElement(By.id("signin-key"));
        input.clear();
        input.sendKeys(key);
        browser.findElement(By.id("signin-submit")).click();
    }

    private String submittedJobId(String statusId) {
        By link = By.cssSelector("#" + statusId + " a");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> browser.findElement(link).isDisplayed());
        String href = browser.findElement(link).getAttribute("href");
        return href.substring(href.lastIndexOf('/') + 1);
    }

    private void markPageLoad() {
        ((JavascriptExecutor) browser).executeScript("window.corojobsTestMark = 'loaded once'");
    }

    private boolean samePageLoad() {
        return "loaded once".equals(((JavascriptExecutor) browser).executeScript("return window.corojobsTestMark"));
    }

    private void scrollTo(String elementId) {
        ((JavascriptExecutor) browser).executeScript("document.getElementById(arguments[0]).scrollIntoView()", elementId);
    }

    /** Sets the CSS viewport exactly (the window size includes browser chrome in some versions). */
    private static void viewport(int width, int height, boolean mobile) {
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                "width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
    }

    private static void screenshot(String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    /** The seed article's 10,000-line log when ../shared is there, else the first 400 lines of it plus junk. */
    private static Path accessLog() {
        Path shared = Path.of(System.getProperty("corojobs.shared-dir", "../shared"), "data", "accesslogs", "apache_logs");
        return Files.isReadable(shared) ? shared : Path.of("src", "test", "resources", "dashboard", "apache_logs_head.log");
    }

    /** POST /api/v1/jobs/scheduler-simulations with this program; answers the job id. */
    private String submitSimulation(String program) {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/jobs/scheduler-simulations"))
                .header("Authorization", TestKeys.bearer(TestKeys.ADMIN))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"program\": " + program + "}")).build();
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            String location = response.headers().firstValue("Location").orElseThrow();
            return location.substring(location.lastIndexOf('/') + 1);
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the test server", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** DELETE: cancels the job while it runs, removes it once it ended. */
    private void deleteQuietly(String id) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/jobs/" + id))
                .header("Authorization", TestKeys.bearer(TestKeys.ADMIN)).DELETE().build();
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            client.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // the context's shutdown cancels it anyway
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Skips (rather than fails) while the job API this dashboard drives has not landed in this build. */
    private void assumeEndpoint(String method, String path, String jsonBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", TestKeys.bearer(TestKeys.ADMIN));
        request = jsonBody == null ? request.GET()
                : request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
        int status;
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            status = client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the test server", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        assumeTrue(status != 404 && status != 405,
                method + " " + path + " answered " + status + ": this build does not have that job type (or the job API) yet");
    }
}
