package dev.corojobs.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A kernel task for tests: yields the system calls its script gives for step 0, 1, 2, ... (a null call is a
 * plain yield) until the script answers {@link #END}, records what each call answered, and records its
 * cleanup in a shared log.
 */
final class ScriptedTask extends StacklessCoroutine<Object, SystemCall, Object> implements SystemCall.Body {

    static final SystemCall END = new SystemCall.KillTask(Integer.MIN_VALUE);

    private final String name;
    private final IntFunction<SystemCall> script;
    private final List<String> log;
    final List<Object> answers = new ArrayList<>();
    private int step;

    ScriptedTask(String name, List<String> log, IntFunction<SystemCall> script) {
        this.name = name;
        this.log = log;
        this.script = script;
    }

    /** Yields {@code calls} in order, then ends. */
    static ScriptedTask of(String name, List<String> log, SystemCall... calls) {
        return new ScriptedTask(name, log, i -> i < calls.length ? calls[i] : END);
    }

    /** Yields forever. */
    static ScriptedTask spinning(String name, List<String> log) {
        return new ScriptedTask(name, log, i -> null);
    }

    @Override
    protected void step(Object sent) {
        if (step > 0) {
            answers.add(sent);
        }
        SystemCall call = script.apply(step++);
        if (call == END) {
            finish(name + " done");
        } else {
            yieldValue(call);
        }
    }

    @Override
    protected void onClose() {
        log.add(name + " cleanup");
    }

    @Override
    public String name() {
        return name;
    }
}
