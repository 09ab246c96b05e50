package dev.corojobs.pipeline;

import dev.corojobs.runtime.Coroutine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Parses raw slices, numbers their lines, keeps the first few malformed lines, and pushes parsed batches on. */
final class ParseStage extends Stage<LogBatch> {

    /** Longest text kept for a malformed-line sample. */
    static final int SAMPLE_CHARS = 200;

    private final AccessLogParser parser;
    private final Coroutine<LogBatch, ?, ?> downstream;
    private final int sampleLimit;
    private final List<MalformedLine> samples = new ArrayList<>();
    private final AccessLogParser.MalformedSink sink = this::malformed;
    private long nextLine = 1;
    private long parsed;
    private long malformed;
    private long responseBytes;
    /** Read by the job thread for progress while a worker thread parses. */
    private volatile long linesRead;

    ParseStage(AccessLogParser parser, Coroutine<LogBatch, ?, ?> downstream, int sampleLimit) {
        super("parse");
        this.parser = parser;
        this.downstream = downstream;
        this.sampleLimit = sampleLimit;
    }

    @Override
    void accept(LogBatch batch) {
        batch.firstLineNumber = nextLine;
        parser.parse(batch, sink);
        nextLine += batch.lines;
        parsed += batch.parsed;
        responseBytes += batch.sizeTotal;
        linesRead = nextLine - 1;
        if (batch.parsed > 0) {
            downstream.send(batch);
        }
    }

    private void malformed(long lineNumber, String reason, byte[] data, int start, int end) {
        malformed++;
        if (samples.size() < sampleLimit) {
            samples.add(new MalformedLine(lineNumber, reason, sampleText(data, start, end)));
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
}
