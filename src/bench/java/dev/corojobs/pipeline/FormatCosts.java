package dev.corojobs.pipeline;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The parse cost per line of the same log lines in three formats, in one JVM: the built-in combined parser,
 * the nginx {@code main} preset (a compiled format string: the combined fields plus
 * {@code "$http_x_forwarded_for"}), and JSON lines keyed by nginx variable names. The nginx and JSON variants are
 * made here from the combined lines (each gets a forwarded-for value; JSON gets the same fields as strings).
 *
 * <pre>java -cp ... dev.corojobs.pipeline.FormatCosts FILE [RUNS]</pre>
 */
public final class FormatCosts {

    private FormatCosts() {
    }

    public static void main(String[] args) throws Exception {
        byte[] combined = Files.readAllBytes(Path.of(args[0]));
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        byte[] nginx = variant(combined, false);
        byte[] json = variant(combined, true);
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long[] best = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
        long[] parsed = new long[3];
        long[] lines = new long[3];
        LogFormat[] formats = {LogFormat.COMBINED, LogFormat.NGINX_MAIN, LogFormat.JSON};
        byte[][] inputs = {combined, nginx, json};
        for (int run = 0; run < runs; run++) {
            for (int f = 0; f < 3; f++) {
                AccessLogParser parser = new AccessLogParser(formats[f]);
                long start = cpu.getCurrentThreadCpuTime();
                long ok = 0;
                long n = 0;
                byte[] all = inputs[f];
                for (int from = 0; from < all.length; ) {
                    int to = Math.min(all.length, from + 256 * 1024);
                    int last = to == all.length ? to - 1 : ByteScan.lastNewline(all, from, to);
                    to = last + 1;
                    LogBatch slice = new LogBatch(all, from, to);
                    parser.parse(slice, (number, reason, d, s, e) -> { });
                    ok += slice.parsed();
                    n += slice.lines();
                    from = to;
                }
                best[f] = Math.min(best[f], cpu.getCurrentThreadCpuTime() - start);
                parsed[f] = ok;
                lines[f] = n;
            }
            System.out.printf("run %d: combined %.1f, nginx_main %.1f, json %.1f ns/line (best so far)%n", run + 1,
                    best[0] / (double) lines[0], best[1] / (double) lines[1], best[2] / (double) lines[2]);
        }
        for (int f = 0; f < 3; f++) {
            System.out.printf("best %s: %.1f ns/line CPU, %d of %d lines parsed, %d bytes%n", formats[f].json(),
                    best[f] / (double) lines[f], parsed[f], lines[f], inputs[f].length);
        }
        System.out.printf("ratio nginx_main/combined %.2f, json/combined %.2f%n",
                best[1] / (double) lines[1] / (best[0] / (double) lines[0]),
                best[2] / (double) lines[2] / (best[0] / (double) lines[0]));
    }

    /** The lines that parse as combined, rewritten as nginx {@code main} lines or as JSON lines. */
    private static byte[] variant(byte[] combined, boolean json) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(combined.length * (json ? 2 : 1));
        AccessLogParser parser = new AccessLogParser(LogFormat.COMBINED);
        int start = 0;
        for (int i = 0; i < combined.length; i++) {
            if (combined[i] != '\n') {
                continue;
            }
            byte[] line = java.util.Arrays.copyOfRange(combined, start, i);
            start = i + 1;
            var parsed = parser.parseLine(line);
            if (parsed.isEmpty()) {
                out.writeBytes(line);
                out.write('\n');
                continue;
            }
            var e = parsed.get();
            String forwarded = "203.0.113." + (e.client().hashCode() & 0x7f) + ", 10.0.0.1";
            if (!json) {
                out.writeBytes(line);
                out.writeBytes((" \"" + forwarded + "\"\n").getBytes(StandardCharsets.UTF_8));
                continue;
            }
            String text = new String(line, StandardCharsets.UTF_8);
            int open = text.indexOf('[');
            String time = text.substring(open + 1, open + 27);
            int q1 = text.indexOf('"');
            int q2 = AccessLogParser.closingQuote(line, q1 + 1, line.length);
            String request = text.substring(q1 + 1, q2);
            String row = "{\"time_local\":\"" + time + "\",\"remote_addr\":\"" + e.client() + "\",\"remote_user\":\""
                    + e.user() + "\",\"request\":\"" + request + "\",\"status\":\"" + e.status()
                    + "\",\"body_bytes_sent\":\"" + e.bytes() + "\",\"http_referer\":\"" + e.referrer()
                    + "\",\"http_user_agent\":\"" + e.userAgent() + "\",\"http_x_forwarded_for\":\"" + forwarded + "\"}\n";
            out.writeBytes(row.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
