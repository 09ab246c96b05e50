package dev.corojobs.pipeline.report;

import ua_parser.Client;
import ua_parser.Parser;

/**
 * Classifies user agents with ua-parser (uap-java and the uap-core rules it bundles). Parsing one is costly
 * (regular expressions), so the report asks once per distinct user-agent string and keeps the answer.
 */
final class UserAgents {

    /** A user agent's browser and OS, as grouped panel keys (parent and item). */
    record Kind(String browser, String browserVersion, String os, String osVersion, boolean crawler) {
    }

    static final String CRAWLERS = "Crawlers";

    private static final class Holder {
        /** Loading the rules takes a while; one parser (stateless once built) serves every job. */
        static final Parser PARSER = new Parser();
    }

    private UserAgents() {
    }

    static Kind classify(String agent) {
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
