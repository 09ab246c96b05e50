package dev.corojobs.pipeline.report;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import ua_parser.Client;
import ua_parser.Parser;

/**
 * Classifies user agents with ua-parser (uap-java and the uap-core rules it bundles). Parsing one is costly
 * (hundreds of regular expressions), so answers are kept per user-agent string, for every job of the process
 * (up to {@link #CACHE_LIMIT} strings, then the cache starts over). Of the device rules only those that name
 * crawlers ({@code Spider}) are loaded: the report needs no device model, and the device rules cost the most.
 */
final class UserAgents {

    static final int CACHE_LIMIT = 100_000;
    private static final Map<String, Kind> CACHE = new ConcurrentHashMap<>();

    /** A user agent's browser and OS, as grouped panel keys (parent and item). */
    record Kind(String browser, String browserVersion, String os, String osVersion, boolean crawler) {
    }

    static final String CRAWLERS = "Crawlers";

    private static final class Holder {
        /** Loading the rules takes a while; one parser (stateless once built) serves every job. */
        static final Parser PARSER = crawlerDeviceRulesOnly();
    }

    private UserAgents() {
    }

    static Kind classify(String agent) {
        Kind known = CACHE.get(agent);
        if (known != null) {
            return known;
        }
        Kind kind = parse(agent);
        if (CACHE.size() >= CACHE_LIMIT) {
            CACHE.clear();
        }
        CACHE.put(agent, kind);
        return kind;
    }

    @SuppressWarnings("unchecked")
    private static Parser crawlerDeviceRulesOnly() {
        try (InputStream in = Parser.class.getResourceAsStream("/ua_parser/regexes.yaml")) {
            Map<String, Object> rules = new LinkedHashMap<>(
                    (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(in));
            List<Map<String, Object>> devices = (List<Map<String, Object>>) rules.get("device_parsers");
            rules.put("device_parsers", devices.stream().filter(rule -> "Spider".equals(rule.get("device_replacement")))
                    .toList());
            byte[] yaml = new Yaml().dump(rules).getBytes(StandardCharsets.UTF_8);
            return new Parser(new ByteArrayInputStream(yaml));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled ua-parser rules", e);
        }
    }

    private static Kind parse(String agent) {
        if (agent.isEmpty() || agent.equals("-")) {
            return new Kind("Unknown", "Unknown", "Unknown", "Unknown", false);
        }
        Client client = Holder.PARSER.parse(agent);
        String browser = client.userAgent == null ? "Other" : client.userAgent.family;
        String browserVersion = versioned(browser, client.userAgent == null ? null : client.userAgent.major,
                client.userAgent == null ? null : client.userAgent.minor);
        boolean crawler = client.device != null && "Spider".equals(client.device.family);
        if (crawler) {
            return new Kind(CRAWLERS, browserVersion, CRAWLERS, browserVersion, true);
        }
        String os = client.os == null ? "Other" : client.os.family;
        String osVersion = versioned(os, client.os == null ? null : client.os.major,
                client.os == null ? null : client.os.minor);
        return new Kind(browser, browserVersion, os, osVersion, false);
    }

    private static String versioned(String family, String major, String minor) {
        if (major == null || major.isEmpty()) {
            return family;
        }
        return family + " " + major + (minor == null || minor.isEmpty() ? "" : "." + minor);
    }
}
