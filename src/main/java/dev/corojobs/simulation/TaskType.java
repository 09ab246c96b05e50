package dev.corojobs.simulation;

/** A task definition bound to the simulation that runs it: what every instance of it points to. */
record TaskType(TaskCode code, int[] instructions, Simulation simulation) {

    TaskType(TaskCode code, Simulation simulation) {
        this(code, code.code(), simulation);
    }
}
