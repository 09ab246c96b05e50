package dev.corojobs.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The alert rules under {@code helm/corojobs/rules}: each rule file passes {@code promtool check rules}, each
 * {@code *_test.yaml} beside them passes {@code promtool test rules}, and every alert is unit-tested there.
 * Skipped where Debian's {@code prometheus} package (which brings promtool) is not installed.
 */
class AlertRulesTest {

    @Test
    void ruleFilesAreValid() throws Exception {
        Path promtool = Promtool.require();
        for (Path rules : AlertRules.ruleFiles()) {
            Result result = run(rules.getParent(), promtool.toString(), "check", "rules", rules.getFileName().toString());
            assertThat(result.exitCode()).as(result.output()).isZero();
        }
    }

    @Test
    void everyAlertPassesItsUnitTests() throws Exception {
        Path promtool = Promtool.require();
        List<Path> tests = AlertRules.testFiles();
        assertThat(tests).isNotEmpty();
        for (Path test : tests) {
            Result result = run(test.getParent(), promtool.toString(), "test", "rules", test.getFileName().toString());
            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.output()).contains("SUCCESS");
        }
    }

    @Test
    void everyAlertHasAUnitTestASummaryADescriptionAndARunbookSection() throws IOException {
        Set<String> tested = new TreeSet<>();
        for (Path test : AlertRules.testFiles()) {
            Map<String, Object> file = new Yaml().load(Files.readString(test));
            for (Object each : (List<?>) file.get("tests")) {
                Object ruleTests = ((Map<?, ?>) each).get("alert_rule_test");
                if (ruleTests != null) {
                    for (Object ruleTest : (List<?>) ruleTests) {
                        Map<?, ?> t = (Map<?, ?>) ruleTest;
                        if (!((List<?>) t.get("exp_alerts")).isEmpty()) {
                            tested.add((String) t.get("alertname"));
                        }
                    }
                }
            }
        }
        String runbook = Files.readString(AlertRules.PROJECT_DIR.resolve("docs/operations.md"));
        List<AlertRules.Alert> alerts = AlertRules.alerts();
        assertThat(alerts).isNotEmpty();
        for (AlertRules.Alert alert : alerts) {
            assertThat(tested).as("alerts with a firing unit test").contains(alert.name());
            assertThat(alert.annotations()).as(alert.name()).containsKeys("summary", "description", "runbook_url");
            String anchor = alert.name().toLowerCase(java.util.Locale.ROOT);
            assertThat(alert.annotations().get("runbook_url")).as(alert.name()).endsWith("docs/operations.md#" + anchor);
            assertThat(runbook).as("runbook section for " + alert.name()).contains("### " + alert.name());
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    /** Finds promtool, or skips the calling test. */
    static final class Promtool {

        static Path require() {
            Path promtool = onPath("promtool");
            assumeTrue(promtool != null, "promtool is not installed (Debian package prometheus); skipping");
            return promtool;
        }

        static Path onPath(String name) {
            String path = System.getenv().getOrDefault("PATH", "");
            List<String> dirs = new ArrayList<>(List.of(path.split(java.io.File.pathSeparator)));
            dirs.add("/usr/bin");
            try (Stream<String> candidates = dirs.stream()) {
                return candidates.filter(d -> !d.isEmpty()).map(d -> Path.of(d, name)).filter(Files::isExecutable)
                        .findFirst().orElse(null);
            }
        }

        private Promtool() {
        }
    }
}
