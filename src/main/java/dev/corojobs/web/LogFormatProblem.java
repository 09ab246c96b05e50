package dev.corojobs.web;

import dev.corojobs.pipeline.LogFormatMismatchException;
import dev.corojobs.pipeline.MalformedLine;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The problem a log-analysis job fails with when most of its lines are not in the format used. */
final class LogFormatProblem {

    static final URI TYPE = URI.create("https://corojobs.dev/problems/log-format-mismatch");

    private LogFormatProblem() {
    }

    static ErrorResponseException of(LogFormatMismatchException mismatch) {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        problem.setType(TYPE);
        problem.setTitle("Log lines are not in the format used");
        problem.setDetail(mismatch.getMessage());
        problem.setProperty("format", mismatch.format());
        problem.setProperty("linesRead", mismatch.linesRead());
        problem.setProperty("malformed", mismatch.malformed());
        problem.setProperty("maxMalformedShare", mismatch.maxMalformedShare());
        problem.setProperty("samples", mismatch.samples().stream().map(LogFormatProblem::sample).toList());
        problem.setProperty("betterFormats", mismatch.betterPresets());
        return new ErrorResponseException(HttpStatus.UNPROCESSABLE_CONTENT, problem, mismatch);
    }

    private static Map<String, Object> sample(MalformedLine line) {
        Map<String, Object> sample = new LinkedHashMap<>();
        sample.put("line", line.line());
        sample.put("reason", line.reason());
        sample.put("text", line.text());
        return sample;
    }
}
