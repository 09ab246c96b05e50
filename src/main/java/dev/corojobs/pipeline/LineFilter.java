package dev.corojobs.pipeline;

import static dev.corojobs.pipeline.LogBatch.CLIENT_END;
import static dev.corojobs.pipeline.LogBatch.CLIENT_START;
import static dev.corojobs.pipeline.LogBatch.METHOD_END;
import static dev.corojobs.pipeline.LogBatch.METHOD_START;
import static dev.corojobs.pipeline.LogBatch.PATH_END;
import static dev.corojobs.pipeline.LogBatch.PATH_START;
import static dev.corojobs.pipeline.LogBatch.STATUS;
import static dev.corojobs.pipeline.LogBatch.TIME_START;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A branch's {@code where}, compiled to byte comparisons: every condition present must hold. The path regex
 * is RE2 (linear in the path's length), so no pattern can backtrack for minutes on one line.
 */
final class LineFilter {

    private final byte[][] ipPrefixes;
    private final boolean[] statuses;
    private final byte[][] methods;
    private final Matcher path;
    private final long from;
    private final long to;

    LineFilter(PipelineSpec.Where where) {
        ipPrefixes = where.ipPrefix().isEmpty() ? null : where.ipPrefix().stream()
                .map(p -> p.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        if (where.status().isEmpty()) {
            statuses = null;
        } else {
            statuses = new boolean[1000];
            for (String status : where.status()) {
                if (status.endsWith("xx")) {
                    int hundreds = (status.charAt(0) - '0') * 100;
                    Arrays.fill(statuses, hundreds, hundreds + 100, true);
                } else {
                    statuses[Integer.parseInt(status)] = true;
                }
            }
        }
        methods = where.method().isEmpty() ? null : where.method().stream()
                .map(m -> m.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        Pattern regex = where.pathRegex();
        path = regex == null ? null : regex.matcher("");
        from = where.from() == null ? Long.MIN_VALUE : where.from().getEpochSecond()
                + (where.from().getNano() > 0 ? 1 : 0);
        to = where.to() == null ? Long.MAX_VALUE : where.to().getEpochSecond() + (where.to().getNano() > 0 ? 1 : 0);
    }

    boolean acceptsAll() {
        return ipPrefixes == null && statuses == null && methods == null && path == null
                && from == Long.MIN_VALUE && to == Long.MAX_VALUE;
    }

    boolean test(LogBatch batch, int line) {
        byte[] d = batch.data;
        int[] f = batch.fields;
        int base = line * batch.stride;
        if (ipPrefixes != null && (f[base + CLIENT_START] < 0
                || !anyPrefix(ipPrefixes, d, f[base + CLIENT_START], f[base + CLIENT_END]))) {
            return false;
        }
        if (statuses != null && !statuses[f[base + STATUS]]) {
            return false;
        }
        if (methods != null && (f[base + METHOD_END] < 0
                || !anyEqual(methods, d, f[base + METHOD_START], f[base + METHOD_END]))) {
            return false;
        }
        if (from != Long.MIN_VALUE || to != Long.MAX_VALUE) {
            int timeStart = f[base + TIME_START];
            if (timeStart < 0) {
                return false;
            }
            long time = LogTime.epochSecond(d, timeStart, f[base + LogBatch.TIME_END]);
            if (time < from || time >= to) {
                return false;
            }
        }
        if (path != null) {
            String target = f[base + PATH_START] < 0 ? "-" : new String(d, f[base + PATH_START],
                    f[base + PATH_END] - f[base + PATH_START], StandardCharsets.UTF_8);
            return path.reset(target).find();
        }
        return true;
    }

    private static boolean anyPrefix(byte[][] prefixes, byte[] d, int start, int end) {
        for (byte[] prefix : prefixes) {
            if (prefix.length <= end - start && d[start] == prefix[0]
                    && Arrays.equals(prefix, 0, prefix.length, d, start, start + prefix.length)) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyEqual(byte[][] values, byte[] d, int start, int end) {
        for (byte[] value : values) {
            if (Arrays.equals(value, 0, value.length, d, start, end)) {
                return true;
            }
        }
        return false;
    }
}
