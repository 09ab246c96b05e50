package dev.corojobs.simulation.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/**
 * The body of {@code POST /api/v1/jobs/scheduler-simulations}: a built-in example by name, or a program.
 *
 * @param example name of a built-in example (see GET /api/v1/scheduler-simulations/examples)
 * @param program a program in the task language
 * @param timeout refused when given: the timeout is a query parameter, as for every job type
 */
@Schema(description = "Either `example` (a built-in program's name) or `program` (a program in the task language). "
        + "The per-job timeout is the `timeout` query parameter, as for every job type.")
record SimulationRequest(
        @Schema(description = "A built-in example: seed, wait-and-sleep, spawn-many, fork-join, kill-sleeper, deadlock, max-steps",
                example = "seed")
        String example,
        @Schema(description = "A program: {\"tasks\": {name: [ops]}, \"start\": [name or {\"task\", \"count\"}], "
                + "\"maxSteps\"?, \"traceLimit\"?}. Ops: getTid, print, repeat, yield, spawn, kill, wait, sleep "
                + "(see docs/simulation.md).")
        Map<String, Object> program,
        @Schema(hidden = true) @JsonInclude(JsonInclude.Include.NON_NULL) Object timeout) {
}
