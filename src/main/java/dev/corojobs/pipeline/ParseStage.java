package dev.corojobs.pipeline;

import dev.corojobs.runtime.Coroutine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses raw slices, numbers their lines, keeps the first few malformed lines, and pushes parsed batches on.
 * With {@code auto} it picks the format on the first slice. Its counts are read by other threads only after
 * the stage is closed, except {@link #linesRead()}, which progress reads while it runs.
 */
final class ParseStage extends Stage<LogBatch> {

    /** Longest text kept for a malformed-line sample. */
    static final int SAMPLE_CHARS = 200;

    private final Coroutine<LogBatch, ?, ?> downstream;
    private final int sampleLimit;
    private final boolean forwardedClient;
    private final boolean numbered;
    private final List<MalformedLine> samples = new ArrayList<>();
    /** Per sample: the sequence number of its batch (unnumbered parse stages only). */
    private final List<Long> sampleBatches = new ArrayList<>();
    /** Per batch parsed: sequence and line count (unnumbered parse stages only). */
    private final List<long[]> batchLines = new ArrayList<>();
    private final AccessLogParser.MalformedSink sink = this::malformed;
    private volatile AccessLogParser parser;
    private byte[] head;
    private long currentBatch;
    private long nextLine = 1;
    private long parsed;
    private long malformed;
    private long responseBytes;
    /** Read by the job thread for progress while a worker thread parses. */
    private volatile long linesRead;

    /**
     * @param format {@code auto} to pick the format on the first batch
     * @param numbered whether batches come in input order (one parse stage): else line numbers are fixed up by
     *                 whoever merges the stages, from {@link #batchLines()}
     */
    ParseStage(LogFormat format, boolean forwardedClient, Coroutine<LogBatch, ?, ?> downstream, int sampleLimit,
               boolean numbered) {
        super("parse");
        this.parser = format.isAuto() ? null : new AccessLogParser(format, forwardedClient);
        this.forwardedClient = forwardedClient;
        this.downstream = downstream;
        this.sampleLimit = sampleLimit;
        this.numbered = numbered;
    }

    @Override
    void accept(LogBatch batch) {
        if (head == null) {
            head = FormatDetection.head(batch.data, batch.start, batch.end);
            if (parser == null) {
                parser = new AccessLogParser(FormatDetection.detect(head, forwardedClient), forwardedClient);
            }
        }
        batch.firstLineNumber = numbered ? nextLine : 1;
        currentBatch = batch.sequence;
        parser.parse(batch, sink);
        nextLine += batch.lines;
        parsed += batch.parsed;
        responseBytes += batch.sizeTotal;
        linesRead = nextLine - 1;
        if (!numbered) {
            batchLines.add(new long[] {batch.sequence, batch.lines});
        }
        if (batch.parsed > 0) {
            downstream.send(batch);
        }
    }

    private void malformed(long lineNumber, String reason, byte[] data, int start, int end) {
        malformed++;
        if (samples.size() < sampleLimit) {
            samples.add(new MalformedLine(lineNumber, reason, sampleText(data, start, end)));
            sampleBatches.add(currentBatch);
        }
    }

    /** The line as text: invalid UTF-8 replaced, cut at {@link #SAMPLE_CHARS} characters. */
    static String sampleText(byte[] data, int start, int end) {
        int length = Math.min(end - start, SAMPLE_CHARS * 4);
        String text = new String(data, start, length, StandardCharsets.UTF_8);
        return text.length() > SAMPLE_CHARS ? text.substring(0, SAMPLE_CHARS) + "…" : text;
    }

    @Override
    void flush() {
        downstream.close();
    }

    /** The format lines were parsed in: the one given, or what {@code auto} picked (null before any input). */
    LogFormat format() {
        AccessLogParser current = parser;
        return current == null ? null : current.format();
    }

    /** The first lines of the input (up to 64 KiB), or an empty array before any input. */
    byte[] head() {
        return head == null ? new byte[0] : head;
    }

    boolean forwardedClient() {
        return forwardedClient;
    }

    long linesRead() {
        return linesRead;
    }

    long parsed() {
        return parsed;
    }

    long malformed() {
        return malformed;
    }

    long responseBytes() {
        return responseBytes;
    }

    List<MalformedLine> samples() {
        return List.copyOf(samples);
    }

    /** Batch sequence numbers of {@link #samples()}, in the same order. */
    List<Long> sampleBatches() {
        return List.copyOf(sampleBatches);
    }

    /** Sequence number and line count of every batch parsed (unnumbered stages only). */
    List<long[]> batchLines() {
        return batchLines;
    }
}
