package dev.corojobs.pipeline;

import dev.corojobs.runtime.TaskTracker;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Map;

/** Runs log-analysis work to its end on the test thread, as the job executor would. */
final class Jobs {

    private Jobs() {
    }

    static LogInput bytes(byte[] data) {
        return new LogInput() {
            @Override
            public InputStream open() {
                return new ByteArrayInputStream(data);
            }

            @Override
            public long size() {
                return data.length;
            }
        };
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> run(LogInput input, PipelineSpec spec, PipelineSettings settings, TaskTracker tracker) {
        LogAnalysisWork work = new LogAnalysisWork(input, spec, settings, tracker, "test");
        while (work.resume(null)) {
            Map<String, Object> progress = work.yielded();
            if (progress == null) {
                throw new AssertionError("no progress yielded");
            }
        }
        return (Map<String, Object>) work.returnValue();
    }

    static Map<String, Object> run(LogInput input, PipelineSpec spec) {
        return run(input, spec, PipelineSettings.DEFAULTS, new TaskTracker());
    }

    @SuppressWarnings("unchecked")
    static Map<String, BranchResult> branches(Map<String, Object> result) {
        return (Map<String, BranchResult>) result.get("branches");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> lines(Map<String, Object> result) {
        return (Map<String, Object>) result.get("lines");
    }
}
