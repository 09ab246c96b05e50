package dev.corojobs.bench;

import dev.corojobs.pipeline.AccessLogParser;
import dev.corojobs.pipeline.LogBatch;
import dev.corojobs.pipeline.LogFormat;
import dev.corojobs.pipeline.LogReader;
import java.nio.file.Files;
import java.nio.file.Path;

/** Splits the pipeline's cost per line: reading slices, then reading and parsing. */
public final class StageCosts {

    private StageCosts() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 256 * 1024;
        AccessLogParser parser = new AccessLogParser(LogFormat.AUTO);
        byte[] all = Files.readAllBytes(file);
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int run = 0; run < 5; run++) {
            long cpu0 = cpu.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            long bytes = 0;
            try (LogReader reader = new LogReader(Files.newInputStream(file), batch, 1 << 20)) {
                for (LogBatch b = reader.next(); b != null; b = reader.next()) {
                    bytes += b.inputBytes();
                    reader.recycle(b);
                }
            }
            long read = System.nanoTime() - start;
            long cpu1 = cpu.getCurrentThreadCpuTime();
            start = System.nanoTime();
            long lines = 0;
            try (LogReader reader = new LogReader(Files.newInputStream(file), batch, 1 << 20)) {
                for (LogBatch b = reader.next(); b != null; b = reader.next()) {
                    parser.parse(b, (n, r, d, s, e) -> { });
                    lines += b.lines();
                    reader.recycle(b);
                }
            }
            long parse = System.nanoTime() - start;
            long cpu2 = cpu.getCurrentThreadCpuTime();
            long cpu3 = cpu.getCurrentThreadCpuTime();
            long parsed = 0;
            for (int from = 0; from < all.length; ) {
                int to = Math.min(all.length, from + batch);
                while (to < all.length && all[to - 1] != '\n') {
                    to++;
                }
                LogBatch b = new LogBatch(all, from, to);
                parser.parse(b, (n, r, d, s, e) -> { });
                parsed += b.parsed();
                from = to;
            }
            long cpu4 = cpu.getCurrentThreadCpuTime();
            long cpu5 = cpu.getCurrentThreadCpuTime();
            long newlines = 0;
            for (int i = 0; i < all.length; i++) {
                if (all[i] == '\n') {
                    newlines++;
                }
            }
            long cpu6 = cpu.getCurrentThreadCpuTime();
            System.out.printf("byte loop counting newlines cpu %.1f ns/line (%d)%n", (double) (cpu6 - cpu5) / lines, newlines);
            System.out.printf("parse only (in memory) cpu %.1f ns/line (%d parsed)%n", (double) (cpu4 - cpu3) / lines, parsed);
            System.out.printf("read %.1f ns/line (cpu %.1f), read+parse %.1f ns/line (cpu %.1f) (%d lines, %d bytes)%n",
                    (double) read / lines, (double) (cpu1 - cpu0) / lines, (double) parse / lines,
                    (double) (cpu2 - cpu1) / lines, lines, bytes);
        }
    }
}
