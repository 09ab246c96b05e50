package dev.corojobs.observability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A Grafana dashboard under {@code helm/corojobs/dashboards}: its panel queries and its template variables. */
record GrafanaDashboard(Path file, JsonNode json) {

    static final Path DIR = AlertRules.PROJECT_DIR.resolve("helm/corojobs/dashboards");

    /** One query of one panel. */
    record PanelQuery(String panel, String refId, String expr) {
    }

    /** A query variable whose values come from {@code label_values(selector, label)}. */
    record LabelVariable(String name, String selector, String label) {
    }

    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.+),\\s*(\\w+)\\)");

    static List<GrafanaDashboard> all() {
        try (Stream<Path> files = Files.list(DIR)) {
            List<GrafanaDashboard> dashboards = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                dashboards.add(new GrafanaDashboard(file, JsonMapper.builder().build().readTree(Files.readString(file))));
            }
            return dashboards;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<PanelQuery> queries() {
        List<PanelQuery> queries = new ArrayList<>();
        collect(json.path("panels"), queries);
        return queries;
    }

    private static void collect(JsonNode panels, List<PanelQuery> into) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                into.add(new PanelQuery(panel.path("title").asString(), target.path("refId").asString(),
                        target.path("expr").asString()));
            }
            collect(panel.path("panels"), into);
        }
    }

    List<JsonNode> variables() {
        List<JsonNode> variables = new ArrayList<>();
        json.path("templating").path("list").forEach(variables::add);
        return variables;
    }

    List<LabelVariable> labelVariables() {
        List<LabelVariable> variables = new ArrayList<>();
        for (JsonNode variable : variables()) {
            if (!"query".equals(variable.path("type").asString())) {
                continue;
            }
            JsonNode query = variable.path("query");
            String text = query.isObject() ? query.path("query").asString() : query.asString();
            Matcher matcher = LABEL_VALUES.matcher(text);
            if (!matcher.matches()) {
                throw new IllegalStateException("variable " + variable.path("name") + ": not a label_values query: " + text);
            }
            variables.add(new LabelVariable(variable.path("name").asString(), matcher.group(1), matcher.group(2)));
        }
        return variables;
    }

    /**
     * Replaces Grafana's variables the way Grafana would before sending a query: {@code $__rate_interval}
     * (and {@code $__interval}, {@code $__range}) by {@code rateInterval}, {@code $name} and {@code ${name}} by
     * the given values.
     */
    static String substitute(String expr, String rateInterval, Map<String, String> values) {
        String result = expr.replace("$__rate_interval", rateInterval)
                .replace("$__interval", rateInterval)
                .replace("$__range", rateInterval);
        for (Map.Entry<String, String> value : values.entrySet()) {
            result = result.replace("${" + value.getKey() + "}", value.getValue())
                    .replace("$" + value.getKey(), value.getValue());
        }
        return result;
    }
}
