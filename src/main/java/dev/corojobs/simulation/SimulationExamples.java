package dev.corojobs.simulation;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.json.JsonMapper;

/**
 * The built-in example programs: JSON documents {@code {"description": ..., "program": {...}}} under
 * {@code simulation/examples/} in the resources, named after their file. Each is checked when loaded.
 */
public final class SimulationExamples {

    /** Where the documents are, on the class path. */
    public static final String LOCATION = "simulation/examples/";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, Example> examples;

    /** A built-in program with its name and what it shows. */
    public record Example(String name, String description, Map<String, Object> program) {
    }

    private SimulationExamples(Map<String, Example> examples) {
        this.examples = examples;
    }

    /**
     * Reads the example documents, by file name ({@code seed.json}); each program must compile under
     * {@code limits}.
     */
    public static SimulationExamples load(Map<String, InputStream> documents, SimulationLimits limits) throws IOException {
        Map<String, Example> examples = new TreeMap<>();
        for (Map.Entry<String, InputStream> document : documents.entrySet()) {
            String name = document.getKey().replaceFirst("\\.json$", "");
            Map<String, Object> fields;
            try (InputStream in = document.getValue()) {
                fields = asMap(JSON.readValue(in, Map.class));
            }
            Object description = fields.get("description");
            Map<String, Object> program = asMap(fields.get("program"));
            try {
                ProgramCompiler.compile(program, limits);
            } catch (InvalidProgramException e) {
                throw new IllegalStateException("example " + name + " is not a valid program: " + e, e);
            }
            examples.put(name, new Example(name, description == null ? "" : description.toString(), program));
        }
        Map<String, Example> ordered = new LinkedHashMap<>();
        Example seed = examples.remove("seed");
        if (seed != null) {
            ordered.put("seed", seed);
        }
        ordered.putAll(examples);
        return new SimulationExamples(ordered);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalStateException("an example document must be an object with a 'program' object");
    }

    /** The examples, {@code seed} first, then by name. */
    public Collection<Example> all() {
        return List.copyOf(examples.values());
    }

    public Optional<Example> find(String name) {
        return Optional.ofNullable(examples.get(name));
    }

    public List<String> names() {
        return List.copyOf(examples.keySet());
    }
}
