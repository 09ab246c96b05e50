package dev.corojobs.simulation;

import java.util.List;

/**
 * One statement of the task language. A task is a list of ops run in order; {@code into} names a variable
 * that receives the op's answer (optional everywhere). Variables hold whole numbers (task ids, loop
 * counters) or booleans (the answers of {@code kill} and {@code wait}).
 */
public sealed interface Op {

    /** {@code tid = yield GetTid()}. */
    record GetTid(String into) implements Op {
    }

    /** Adds a line to the trace; {@code {name}} is replaced by the variable's value, {@code {{}} and {@code }}} are literal braces. */
    record Print(String text) implements Op {
    }

    /** {@code for var in range(times): body}; {@code var} is optional. */
    record Repeat(long times, String var, List<Op> body) implements Op {
        public Repeat {
            body = List.copyOf(body);
        }
    }

    /** A plain {@code yield}: back to the end of the ready queue. */
    record Yield() implements Op {
    }

    /** {@code child = yield NewTask(task())}. */
    record Spawn(String task, String into) implements Op {
    }

    /** {@code killed = yield KillTask(tid)}: true if the task existed. */
    record Kill(TaskRef tid, String into) implements Op {
    }

    /** {@code waited = yield WaitTask(tid)}: true after waiting, false at once if there is no such task. */
    record Wait(TaskRef tid, String into) implements Op {
    }

    /** {@code yield Sleep(ticks)} on the kernel's virtual clock. */
    record Sleep(long ticks) implements Op {
    }

    /** A task id in {@code kill} or {@code wait}: a number, or {@code "{var}"}. */
    sealed interface TaskRef {
    }

    record TidLiteral(int tid) implements TaskRef {
    }

    record TidVariable(String name) implements TaskRef {
    }
}
