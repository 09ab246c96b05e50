package dev.corojobs.simulation;

/** A task definition bound to the simulation that runs it: what every instance of it points to. */
record TaskType(TaskCode code, int[] instructions, TaskHost host) {

    TaskType(TaskCode code, TaskHost host) {
        this(code, code.code(), host);
    }
}
