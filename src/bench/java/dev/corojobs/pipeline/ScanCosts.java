package dev.corojobs.pipeline;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Where the parser's time goes: reading the bytes at all (a plain 8-bytes-at-a-time sum, the floor any parser
 * pays on data that does not fit in cache), the line-end scan alone, the quote scans alone, and the whole parse.
 */
public final class ScanCosts {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private ScanCosts() {
    }

    /** Touches every byte once, 8 at a time, doing nothing else: memory bandwidth, not parsing. */
    private static long readAll(byte[] all) {
        long sum = 0;
        for (int i = 0; i + 8 <= all.length; i += 8) {
            sum += (long) LONGS.get(all, i);
        }
        return sum;
    }

    public static void main(String[] args) throws Exception {
        byte[] all = Files.readAllBytes(Path.of(args[0]));
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        AccessLogParser parser = new AccessLogParser(LogFormat.AUTO);
        for (int run = 0; run < 6; run++) {
            long r0 = cpu.getCurrentThreadCpuTime();
            long sum = readAll(all);
            long t0 = cpu.getCurrentThreadCpuTime();
            long lines = 0;
            for (int pos = 0; pos < all.length; ) {
                pos = ByteScan.newline(all, pos, all.length) + 1;
                lines++;
            }
            long t1 = cpu.getCurrentThreadCpuTime();
            long quotes = 0;
            for (int pos = 0; pos < all.length; ) {
                pos = ByteScan.quote(all, pos, all.length) + 1;
                quotes++;
            }
            long t2 = cpu.getCurrentThreadCpuTime();
            LogBatch batch = new LogBatch(all, 0, 0);
            long parsed = 0;
            for (int from = 0; from < all.length; ) {
                int to = Math.min(all.length, from + 256 * 1024);
                to = ByteScan.lastNewline(all, from, to) + 1;
                LogBatch b = new LogBatch(all, from, to);
                b.fields = batch.fields.length >= b.fields.length ? batch.fields : b.fields;
                b.sizes = batch.sizes.length >= b.sizes.length ? batch.sizes : b.sizes;
                parser.parse(b, (n, r, d, s, e) -> { });
                batch = b;
                parsed += b.parsed;
                from = to;
            }
            long t3 = cpu.getCurrentThreadCpuTime();
            long viaString = 0;
            for (int from = 0; from < all.length; ) {
                int to = Math.min(all.length, from + 256 * 1024);
                to = ByteScan.lastNewline(all, from, to) + 1;
                String text = new String(all, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1);
                for (int pos = 0; pos < text.length(); ) {
                    int nl = text.indexOf('\n', pos);
                    pos = (nl < 0 ? text.length() : nl) + 1;
                    viaString++;
                }
                from = to;
            }
            long t4 = cpu.getCurrentThreadCpuTime();
            System.out.printf("  reading every byte once (8-byte sum, no parsing) %.1f ns/line (%d)%n", (double) (t0 - r0) / lines, sum & 1);
            System.out.printf("  newline via Latin-1 String.indexOf (with the copy) %.1f ns/line (%d)%n", (double) (t4 - t3) / lines, viaString);
            System.out.printf("per line cpu: newline scan %.1f ns, quote scan (all quotes) %.1f ns, parse %.1f ns (%d lines, %d quotes, %d parsed)%n",
                    (double) (t1 - t0) / lines, (double) (t2 - t1) / lines, (double) (t3 - t2) / lines, lines, quotes, parsed);
        }
    }
}
