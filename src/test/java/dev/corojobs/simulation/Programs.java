package dev.corojobs.simulation;

import dev.corojobs.runtime.TaskTracker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import tools.jackson.databind.json.JsonMapper;

/** Test helpers: JSON text to program documents, running a simulation to its end. */
final class Programs {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private Programs() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(String text) {
        return JSON.readValue(text.replace('\'', '"'), Map.class);
    }

    static SimulationExamples examples() {
        try {
            Map<String, InputStream> documents = new LinkedHashMap<>();
            for (Resource resource : new PathMatchingResourcePatternResolver()
                    .getResources("classpath*:" + SimulationExamples.LOCATION + "*.json")) {
                documents.put(resource.getFilename(), resource.getInputStream());
            }
            return SimulationExamples.load(documents, SimulationLimits.DEFAULTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> example(String name) {
        return examples().find(name).orElseThrow().program();
    }

    /** A finished or failed run. */
    record Outcome(Map<String, Object> result, SimulationFailedException failure, SimulationWork work) {
        @SuppressWarnings("unchecked")
        List<String> trace() {
            return (List<String>) result.get("trace");
        }

        @SuppressWarnings("unchecked")
        List<TaskSummary> tasks() {
            return (List<TaskSummary>) result.get("tasks");
        }

        String fullTrace() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                work.writeTrace(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    static Outcome run(Map<String, Object> document) {
        return run(document, SimulationLimits.DEFAULTS.withSliceSteps(7));
    }

    static Outcome run(Map<String, Object> document, SimulationLimits limits) {
        return run(ProgramCompiler.compile(document, limits), limits);
    }

    @SuppressWarnings("unchecked")
    static Outcome run(CompiledProgram program, SimulationLimits limits) {
        SimulationWork work = new SimulationWork(program, limits, new TaskTracker());
        try {
            while (work.resume(null)) {
                // each step is one slice; the progress is not needed here
            }
            return new Outcome((Map<String, Object>) work.returnValue(), null, work);
        } catch (SimulationFailedException failure) {
            return new Outcome(failure.partialResult(), failure, work);
        }
    }
}
