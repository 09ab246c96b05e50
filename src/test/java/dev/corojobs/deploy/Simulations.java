package dev.corojobs.deploy;

/** Scheduler-simulation requests of a chosen length for the tests that run the packaged jar. */
final class Simulations {

    static final String SEED = """
            {"example": "seed"}
            """;

    private Simulations() {
    }

    /** One task yielding {@code steps} times; with {@code COROJOBS_SIMULATION_SLICE_STEPS=1} each is a job step. */
    static String spinning(long steps) {
        return """
                {"program": {"tasks": {"spinner": [{"op": "repeat", "times": %d, "var": "n", "body": [{"op": "yield"}]}]},
                             "start": ["spinner"], "maxSteps": 100000000, "traceLimit": 0}}
                """.formatted(steps);
    }
}
