package dev.corojobs.pipeline.web;

import dev.corojobs.jobs.CoroutineJobWork;
import dev.corojobs.jobs.JobInputs;
import dev.corojobs.jobs.JobRequest;
import dev.corojobs.jobs.JobType;
import dev.corojobs.jobs.JobWork;
import dev.corojobs.pipeline.InvalidSpecException;
import dev.corojobs.pipeline.LogAnalysisWork;
import dev.corojobs.pipeline.LogInput;
import dev.corojobs.pipeline.PipelineSettings;
import dev.corojobs.pipeline.PipelineSpec;
import dev.corojobs.runtime.TaskTracker;
import dev.corojobs.web.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code log-analysis}: a pipeline spec over a log file. The request is either the JSON body (a {@code source.path}
 * under the data directory plus the spec) or, for an upload, {@code {"upload", "size", "spec"}} with the uploaded
 * file kept in the job store as the job's input (it goes with the job).
 */
@Component
class LogAnalysisJobType implements JobType {

    static final String NAME = "log-analysis";

    private final TaskTracker tracker;
    private final JobInputs inputs;
    private final JsonMapper json;
    private final Path dataDir;
    private final PipelineSettings settings;
    private final AtomicLong sequence = new AtomicLong();

    LogAnalysisJobType(TaskTracker tracker, JsonMapper json, LogAnalysisProperties properties, JobInputs inputs) {
        this.tracker = tracker;
        this.inputs = inputs;
        this.json = json;
        this.dataDir = properties.dataDir().toAbsolutePath().normalize();
        this.settings = properties.settings();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public JobWork work(JobRequest request) {
        @SuppressWarnings("unchecked")
        Map<String, Object> body = new LinkedHashMap<>(json.readValue(request.json(), Map.class));
        LogInput input;
        PipelineSpec spec;
        if (request.input() != null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> specJson = body.get("spec") instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
            spec = pipelineSpec(specJson, "/spec");
            input = storedInput(request.input());
        } else {
            Object source = body.remove("source");
            spec = pipelineSpec(body, "");
            input = LogInput.file(resolve(source));
        }
        LogAnalysisWork analysis = LogAnalysisWork.prepared(input, spec, settings, tracker,
                NAME + "-" + sequence.incrementAndGet());
        return new CoroutineJobWork(analysis, analysis::taskGroups, () -> { }, null, analysis.memoryBudget());
    }

    /** An upload kept in the job store, read chunk by chunk; it goes with its job. */
    private LogInput storedInput(String ref) {
        long size = inputs.size(ref);
        if (size < 0) {
            throw new IllegalStateException("the uploaded log " + ref + " is no longer stored");
        }
        return new LogInput() {
            @Override
            public InputStream open() {
                return inputs.open(ref);
            }

            @Override
            public long size() {
                return size;
            }

            @Override
            public String toString() {
                return "upload " + ref;
            }
        };
    }

    /** {@code prefix} is where the spec sits, as a JSON pointer: {@code ""} for the JSON body, {@code /spec} for the part. */
    private static PipelineSpec pipelineSpec(Map<String, Object> specJson, String prefix) {
        try {
            return PipelineSpec.fromJson(specJson);
        } catch (InvalidSpecException e) {
            throw InvalidInputException.at(prefix + e.pointer(), e.detail());
        }
    }

    private Path resolve(Object source) {
        if (!(source instanceof Map<?, ?> map) || !(map.get("path") instanceof String relative) || relative.isBlank()) {
            throw InvalidInputException.at("/source/path", "is required: a file relative to the data directory");
        }
        if (map.size() != 1) {
            throw InvalidInputException.at("/source", "must hold only 'path'");
        }
        Path candidate;
        try {
            Path given = Path.of(relative);
            candidate = dataDir.resolve(given).normalize();
            if (given.isAbsolute() || !candidate.startsWith(dataDir)) {
                throw InvalidInputException.at("/source/path", "must stay inside the data directory, was '" + relative + "'");
            }
        } catch (InvalidPathException e) {
            throw InvalidInputException.at("/source/path", "is not a valid path: " + e.getReason());
        }
        if (!Files.isRegularFile(candidate)) {
            throw InvalidInputException.at("/source/path", "no such file in the data directory: '" + relative + "'");
        }
        try {
            if (!candidate.toRealPath().startsWith(dataDir.toRealPath())) {
                throw InvalidInputException.at("/source/path", "must stay inside the data directory (it links outside)");
            }
        } catch (IOException e) {
            throw InvalidInputException.at("/source/path", "cannot be read: " + e.getMessage());
        }
        return candidate;
    }
}
