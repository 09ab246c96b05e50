package dev.corojobs.pipeline;

import java.util.List;
import java.util.Map;

/**
 * Most lines of a log did not parse in the format used: the job must not look like a success. Carries what a
 * problem report needs: the format, the counts, sample lines and the presets that parse more of the first lines.
 */
public final class LogFormatMismatchException extends IllegalStateException {

    /** Longest text of a sample line in the report. */
    public static final int SAMPLE_CHARS = 200;

    private final String format;
    private final long linesRead;
    private final long malformed;
    private final double maxMalformedShare;
    private final List<MalformedLine> samples;
    private final List<Map<String, Object>> betterPresets;

    LogFormatMismatchException(String format, long linesRead, long malformed, double maxMalformedShare,
                               List<MalformedLine> samples, List<Map<String, Object>> betterPresets) {
        super(message(format, linesRead, malformed, maxMalformedShare, betterPresets));
        this.format = format;
        this.linesRead = linesRead;
        this.malformed = malformed;
        this.maxMalformedShare = maxMalformedShare;
        this.samples = samples.stream().map(s -> new MalformedLine(s.line(), s.reason(), cut(s.text()))).toList();
        this.betterPresets = List.copyOf(betterPresets);
    }

    private static String cut(String text) {
        return text.length() > SAMPLE_CHARS ? text.substring(0, SAMPLE_CHARS) + "…" : text;
    }

    private static String message(String format, long read, long malformed, double share,
                                  List<Map<String, Object>> better) {
        String advice = better.isEmpty() ? "no preset parses more of the first lines; give the log's own format "
                + "({\"apache\": \"...\"} or {\"nginx\": \"...\"})"
                : "preset " + better.getFirst().get("format") + " parses " + better.getFirst().get("parsed") + " of the first "
                + better.getFirst().get("of") + " lines; try \"format\": \"" + better.getFirst().get("format") + "\"";
        return malformed + " of " + read + " lines did not parse as " + format + " (more than the "
                + Math.round(share * 100) + "% allowed by maxMalformedShare); " + advice;
    }

    /** The format as named in the spec, or the preset {@code auto} picked. */
    public String format() {
        return format;
    }

    public long linesRead() {
        return linesRead;
    }

    public long malformed() {
        return malformed;
    }

    public double maxMalformedShare() {
        return maxMalformedShare;
    }

    /** The first malformed lines, each cut to {@link #SAMPLE_CHARS} characters. */
    public List<MalformedLine> samples() {
        return samples;
    }

    /** Presets that parse more of the first lines: {@code format}, {@code parsed}, {@code of}; most first. */
    public List<Map<String, Object>> betterPresets() {
        return betterPresets;
    }
}
