package dev.corojobs.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Picks a preset for {@code auto} from the first lines, and finds presets that parse a sample better. */
final class FormatDetection {

    /** Input kept from the start of a log to try formats on (whole lines only). */
    static final int SAMPLE_BYTES = 64 * 1024;

    private FormatDetection() {
    }

    /** The start of {@code d[start, end)} up to {@link #SAMPLE_BYTES}, cut after its last whole line. */
    static byte[] head(byte[] d, int start, int end) {
        int cut = Math.min(end, start + SAMPLE_BYTES);
        if (cut < end) {
            int last = ByteScan.lastNewline(d, start, cut);
            cut = last < 0 ? cut : last + 1;
        }
        return Arrays.copyOfRange(d, start, cut);
    }

    /** Lines of {@code sample} that {@code format} parses. */
    static int parsed(LogFormat format, boolean forwardedClient, byte[] sample) {
        if (sample.length == 0) {
            return 0;
        }
        LogBatch batch = new LogBatch(sample, 0, sample.length);
        new AccessLogParser(format, forwardedClient).parse(batch, (n, r, d, s, e) -> { });
        return batch.parsed();
    }

    static int lines(byte[] sample) {
        LogBatch batch = new LogBatch(sample, 0, sample.length);
        new AccessLogParser(LogFormat.COMBINED_OR_COMMON).parse(batch, (n, r, d, s, e) -> { });
        return batch.lines();
    }

    /** The candidate of {@code auto} that parses the most lines of {@code sample} (the first on a tie). */
    static LogFormat detect(byte[] sample, boolean forwardedClient) {
        LogFormat best = LogFormat.COMBINED_OR_COMMON;
        int bestParsed = -1;
        for (LogFormat candidate : LogFormat.AUTO_CANDIDATES) {
            int parsed = parsed(candidate, forwardedClient, sample);
            if (parsed > bestParsed) {
                best = candidate;
                bestParsed = parsed;
            }
        }
        return best;
    }

    /** Presets that parse more lines of {@code sample} than {@code used} does, most first: name, parsed, of. */
    static List<Map<String, Object>> better(LogFormat used, boolean forwardedClient, byte[] sample) {
        int lines = lines(sample);
        int usedParsed = parsed(used, forwardedClient, sample);
        List<Map<String, Object>> better = new ArrayList<>();
        for (LogFormat preset : LogFormat.PRESETS) {
            int parsed = parsed(preset, false, sample);
            if (parsed > usedParsed) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("format", preset.json());
                entry.put("parsed", parsed);
                entry.put("of", lines);
                better.add(entry);
            }
        }
        better.sort((a, b) -> Integer.compare((int) b.get("parsed"), (int) a.get("parsed")));
        return better;
    }
}
