package dev.corojobs.pipeline.report;

import java.util.List;

/**
 * GoAccess reads the search terms out of a Google referrer and, doing so, cuts the referrer it shows right
 * after them ({@code https://www.google.com/url?sa=t&q=} for a longer URL). The report shows referrers the same
 * way, so that its rows match GoAccess's.
 */
final class Referrers {

    private static final List<String> GOOGLE = List.of("http://www.google.", "http://webcache.googleusercontent.com/",
            "http://translate.googleusercontent.com/", "https://www.google.", "https://webcache.googleusercontent.com/",
            "https://translate.googleusercontent.com/");

    private Referrers() {
    }

    static String asGoAccessShows(String referrer) {
        if (GOOGLE.stream().noneMatch(referrer::contains) || referrer.contains("/+&")) {
            return referrer;
        }
        int terms;
        if ((terms = referrer.indexOf("/+")) >= 0) {
            terms += 2;
        } else if ((terms = referrer.indexOf("q=cache:")) >= 0) {
            int plus = referrer.indexOf('+', terms);
            if (plus >= 0) {
                terms = plus + 1;
            }
        } else if ((terms = firstOf(referrer, "&q=", "?q=")) >= 0) {
            terms += 3;
        } else if ((terms = firstOf(referrer, "%26q%3D", "%3Fq%3D")) >= 0) {
            int end = referrer.indexOf("%26", terms + 7);
            return end < 0 ? referrer : referrer.substring(0, end);
        } else {
            return referrer;
        }
        int end = referrer.indexOf('&', terms);
        return end < 0 ? referrer : referrer.substring(0, end);
    }

    /** Where the first of {@code a} is, else where the first of {@code b} is, else -1 (GoAccess tries them in turn). */
    private static int firstOf(String text, String a, String b) {
        int at = text.indexOf(a);
        return at >= 0 ? at : text.indexOf(b);
    }
}
