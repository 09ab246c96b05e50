package dev.corojobs.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Swagger UI driven in Debian's headless Chromium through its system chromedriver (nothing is downloaded).
 * One operation at a time: {@link #expand}, {@link #tryItOut}, {@link #chooseExample}, {@link #execute}.
 */
final class SwaggerUiPage implements AutoCloseable {

    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private final ChromeDriver driver;
    private final WebDriverWait wait;
    private WebElement operation;

    private SwaggerUiPage(ChromeDriver driver) {
        this.driver = driver;
        // looks every 50 ms rather than Selenium's 500: the page changes within milliseconds of each click
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(50));
    }

    static boolean browserInstalled() {
        return Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM);
    }

    static SwaggerUiPage open(String baseUrl, Path userDataDir) {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                // The background-networking flags keep Chromium from calling Google's hosts, which this
                // sandbox refuses (and which a test must not depend on anyway).
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--disable-quic", "--no-first-run", "--window-size=1400,2400",
                        "--user-data-dir=" + userDataDir.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        SwaggerUiPage page = new SwaggerUiPage(new ChromeDriver(service, options));
        page.driver.get(baseUrl + "/swagger-ui/index.html");
        page.wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".opblock")));
        return page;
    }

    /** Enters a bearer key through Swagger UI's "Authorize" dialog, which then sends it with every "Execute". */
    SwaggerUiPage authorize(String key) {
        click(wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".auth-wrapper button.authorize"))));
        WebElement input = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".modal-ux .auth-container input")));
        input.sendKeys(key);
        click(driver.findElement(By.cssSelector(".modal-ux .auth-btn-wrapper button.authorize")));
        click(wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".modal-ux button.btn-done"))));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".modal-ux")));
        return this;
    }

    /** Expands the operation {@code method path} (as listed by Swagger UI) and keeps it as the current one. */
    SwaggerUiPage expand(String method, String path) {
        By locator = By.xpath("//div[contains(@class,'opblock-" + method.toLowerCase()
                + "')][.//*[contains(@class,'opblock-summary-path') and @data-path='" + path + "']]");
        operation = wait.until(ExpectedConditions.presenceOfElementLocated(locator));
        WebElement summary = operation.findElement(By.cssSelector(".opblock-summary"));
        scrollTo(summary);
        summary.click();
        wait.until(d -> !operation.findElements(By.cssSelector(".opblock-body")).isEmpty());
        return this;
    }

    /** Switches the operation to "Try it out" (already on when springdoc sets {@code try-it-out-enabled}). */
    SwaggerUiPage tryItOut() {
        WebElement toggle = operation.findElement(By.cssSelector("button.try-out__btn"));
        if (toggle.getText().trim().equalsIgnoreCase("Try it out")) {
            click(toggle);
        }
        wait.until(d -> !operation.findElements(By.cssSelector("button.execute")).isEmpty());
        return this;
    }

    /** Picks a named request-body example when the operation offers a choice; returns the body it will send. */
    String chooseExample(String name) {
        List<WebElement> selects = operation.findElements(By.cssSelector(".opblock-section-request-body .examples-select select"));
        if (!selects.isEmpty()) {
            new Select(selects.getFirst()).selectByValue(name);
        }
        return wait.until(d -> operation.findElement(By.cssSelector(".opblock-section-request-body textarea")))
                .getAttribute("value");
    }

    List<String> exampleNames() {
        return operation.findElements(By.cssSelector(".opblock-section-request-body .examples-select option")).stream()
                .map(option -> option.getAttribute("value")).toList();
    }

    /** Clicks Execute and waits for the live response; returns its status code and body. */
    Response execute() {
        click(operation.findElement(By.cssSelector("button.execute")));
        WebElement live = wait.until(d -> operation.findElements(By.cssSelector(".live-responses-table .response"))
                .stream().findFirst().orElse(null));
        WebElement body = wait.until(d -> live.findElements(By.cssSelector(".response-col_description pre"))
                .stream().filter(pre -> !pre.getText().isBlank()).findFirst().orElse(null));
        // The whole operation in the screenshot: its summary, the request sent and the server's response.
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'start'});", operation);
        return new Response(Integer.parseInt(live.findElement(By.cssSelector(".response-col_status")).getText().trim()),
                body.getText());
    }

    void screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    WebDriver driver() {
        return driver;
    }

    private void click(WebElement element) {
        scrollTo(element);
        wait.until(ExpectedConditions.elementToBeClickable(element)).click();
    }

    private void scrollTo(WebElement element) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
    }

    @Override
    public void close() {
        driver.quit();
    }

    record Response(int status, String body) {
    }
}
