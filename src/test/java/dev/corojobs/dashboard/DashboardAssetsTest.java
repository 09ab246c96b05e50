package dev.corojobs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corojobs.ApiTest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** The dashboard is served at {@code /} from the jar, each asset with the content type a browser needs. */
@ApiTest
class DashboardAssetsTest {

    private static final Pattern MODULE_IMPORT = Pattern.compile("(?m)^import .* from '\\./([\\w-]+\\.js)';$");

    @Autowired
    RestTestClient http;

    @Test
    void rootServesThePageThatLoadsTheScriptModuleAndStylesheet() {
        String page = get("/", MediaType.TEXT_HTML);

        assertThat(page)
                .contains("<script type=\"module\" src=\"js/app.js\"></script>")
                .contains("<link rel=\"stylesheet\" href=\"css/dashboard.css\">")
                .contains("id=\"jobs-table\"", "id=\"sim-form\"", "id=\"log-form\"", "id=\"runtime\"");
    }

    @Test
    void stylesheetAndIconHaveTheirContentTypes() {
        assertThat(get("/css/dashboard.css", MediaType.valueOf("text/css"))).contains(":root");
        assertThat(get("/favicon.svg", MediaType.valueOf("image/svg+xml"))).startsWith("<svg");
    }

    /** Browsers refuse a module script whose type is not JavaScript; walk the import graph from app.js. */
    @Test
    void everyScriptModuleIsServedAsJavaScript() {
        Set<String> seen = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>();
        pending.add("app.js");
        while (!pending.isEmpty()) {
            String module = pending.pop();
            if (!seen.add(module)) {
                continue;
            }
            String source = get("/js/" + module, MediaType.valueOf("text/javascript"));
            Matcher imports = MODULE_IMPORT.matcher(source);
            while (imports.find()) {
                pending.add(imports.group(1));
            }
        }
        assertThat(seen).contains("app.js", "api.js", "jobs.js", "submit.js", "timeline.js", "views.js",
                "charts.js", "runtime.js", "dom.js");
    }

    private String get(String path, MediaType expected) {
        return http.get().uri(path).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(expected)
                .expectBody(String.class).returnResult().getResponseBody();
    }
}
