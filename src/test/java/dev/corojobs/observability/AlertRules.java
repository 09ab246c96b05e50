package dev.corojobs.observability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/** The rule files under {@code helm/corojobs/rules} and the alerts they define. */
final class AlertRules {

    static final Path PROJECT_DIR = Path.of(System.getProperty("corojobs.project-dir", "."));
    static final Path DIR = PROJECT_DIR.resolve("helm/corojobs/rules");

    record Alert(String group, String name, String expr, Map<String, String> annotations) {
    }

    static List<Path> ruleFiles() {
        return list(false);
    }

    static List<Path> testFiles() {
        return list(true);
    }

    @SuppressWarnings("unchecked")
    static List<Alert> alerts() {
        List<Alert> alerts = new ArrayList<>();
        for (Path file : ruleFiles()) {
            Map<String, Object> rules;
            try {
                rules = new Yaml().load(Files.readString(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
                for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                    if (rule.containsKey("alert")) {
                        alerts.add(new Alert((String) group.get("name"), (String) rule.get("alert"),
                                (String) rule.get("expr"), (Map<String, String>) rule.getOrDefault("annotations", Map.of())));
                    }
                }
            }
        }
        return alerts;
    }

    private static List<Path> list(boolean tests) {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(f -> f.toString().endsWith(".yaml"))
                    .filter(f -> f.getFileName().toString().endsWith("_test.yaml") == tests)
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private AlertRules() {
    }
}
