package dev.corojobs.simulation;

import dev.corojobs.runtime.SystemCall;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a {@link Program}'s meaning against the limits and compiles each task definition to a flat
 * instruction array ({@link TaskCode}). Mistakes throw {@link InvalidProgramException} with the JSON
 * pointer of the op or field at fault.
 */
public final class ProgramCompiler {

    private final Program program;
    private final SimulationLimits limits;
    private final Map<String, Integer> definitionIndex = new LinkedHashMap<>();

    private ProgramCompiler(Program program, SimulationLimits limits) {
        this.program = program;
        this.limits = limits;
        for (String name : program.tasks().keySet()) {
            definitionIndex.put(name, definitionIndex.size());
        }
    }

    /** Parses and compiles a program document in one go. */
    public static CompiledProgram compile(Object document, SimulationLimits limits) {
        return compile(ProgramParser.parse(document), limits);
    }

    public static CompiledProgram compile(Program program, SimulationLimits limits) {
        return new ProgramCompiler(program, limits).compile();
    }

    private CompiledProgram compile() {
        long maxSteps = program.maxSteps() == null ? limits.defaultMaxSteps() : program.maxSteps();
        if (maxSteps > limits.maxStepsCap()) {
            throw new InvalidProgramException("/maxSteps", "at most " + limits.maxStepsCap() + " steps, got " + maxSteps);
        }
        int traceLimit = program.traceLimit() == null ? limits.defaultTraceLimit() : program.traceLimit();
        if (traceLimit > limits.maxTraceLimit()) {
            throw new InvalidProgramException("/traceLimit", "at most " + limits.maxTraceLimit() + " lines, got " + traceLimit);
        }
        List<TaskCode> codes = new ArrayList<>();
        for (Map.Entry<String, List<Op>> task : program.tasks().entrySet()) {
            codes.add(new TaskCompiler(task.getKey(), definitionIndex.get(task.getKey())).compile(task.getValue()));
        }
        List<CompiledProgram.Start> start = new ArrayList<>();
        long started = 0;
        for (int i = 0; i < program.start().size(); i++) {
            StartEntry entry = program.start().get(i);
            Integer index = definitionIndex.get(entry.task());
            if (index == null) {
                throw new InvalidProgramException("/start/" + i, unknownTask(entry.task()));
            }
            started = saturatedAdd(started, entry.count());
            if (started > limits.maxTasks()) {
                throw new InvalidProgramException("/start/" + i, "starts " + started + " tasks; at most "
                        + limits.maxTasks() + " tasks may run in one simulation");
            }
            start.add(new CompiledProgram.Start(index, entry.count()));
        }
        long bound = checkSpawnBound(start);
        // a program whose task count is known needs no higher cap: its memory budget is sized by this cap
        int cap = bound < 0 ? limits.maxTasks() : (int) Math.max(1, bound);
        return new CompiledProgram(codes, start, maxSteps, traceLimit, cap);
    }

    /**
     * When the spawn graph has no cycle, the number of tasks a program starts is known before it runs: refuse
     * it up front if it is over the cap. Recursive programs are stopped by the cap at run time. Returns that
     * number, or -1 for a recursive program.
     */
    private long checkSpawnBound(List<CompiledProgram.Start> start) {
        Map<String, Long> bounds = new HashMap<>();
        long total = 0;
        for (CompiledProgram.Start entry : start) {
            String name = nameOf(entry.task());
            long bound = spawnBound(name, bounds, new HashSet<>());
            if (bound < 0) {
                return -1;
            }
            total = saturatedAdd(total, saturatedMultiply(entry.count(), bound));
        }
        if (total > limits.maxTasks()) {
            throw new InvalidProgramException("/start", "the program would start " + (total == Long.MAX_VALUE ? "more than 2^63" : total)
                    + " tasks counting the ones they spawn; at most " + limits.maxTasks() + " tasks may run in one simulation");
        }
        return total;
    }

    /** Tasks an instance of {@code name} accounts for, itself included; -1 if it can spawn itself again. */
    private long spawnBound(String name, Map<String, Long> bounds, Set<String> visiting) {
        Long known = bounds.get(name);
        if (known != null) {
            return known;
        }
        if (!visiting.add(name)) {
            return -1;
        }
        long bound = blockBound(program.tasks().get(name), bounds, visiting);
        long total = bound < 0 ? -1 : saturatedAdd(1, bound);
        visiting.remove(name);
        bounds.put(name, total);
        return total;
    }

    private long blockBound(List<Op> block, Map<String, Long> bounds, Set<String> visiting) {
        long total = 0;
        for (Op op : block) {
            long spawned = switch (op) {
                case Op.Spawn spawn -> spawnBound(spawn.task(), bounds, visiting);
                case Op.Repeat repeat -> {
                    long body = blockBound(repeat.body(), bounds, visiting);
                    yield body < 0 ? -1 : saturatedMultiply(repeat.times(), body);
                }
                default -> 0;
            };
            if (spawned < 0) {
                return -1;
            }
            total = saturatedAdd(total, spawned);
        }
        return total;
    }

    private String nameOf(int index) {
        return program.tasks().keySet().stream().skip(index).findFirst().orElseThrow();
    }

    private String unknownTask(String name) {
        return "unknown task '" + name + "'; the program defines " + definitionIndex.keySet();
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    private static long saturatedMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long product = a * b;
        return high != 0 || product < 0 ? Long.MAX_VALUE : product;
    }

    /** Compiles one task definition; tracks its variables' slots, types and scopes. */
    private final class TaskCompiler implements Template.VariableScope {

        private final String name;
        private final int index;
        private final String root;
        private final IntList code = new IntList();
        private final List<Template> templates = new ArrayList<>();
        private final List<SystemCall> calls = new ArrayList<>();
        private final Map<String, Integer> slots = new HashMap<>();
        private final Map<String, Boolean> booleans = new HashMap<>();
        private final List<Integer> hiddenCounters = new ArrayList<>();
        private final Set<String> loopVariables = new HashSet<>();
        private Set<String> defined = new HashSet<>();
        private int slotCount;
        private long largestRepeat;
        /** Whether some variable holds task ids (from getTid or spawn), which can be as large as the task cap. */
        private boolean holdsTaskIds;

        TaskCompiler(String name, int index) {
            this.name = name;
            this.index = index;
            this.root = "/tasks/" + ProgramParser.escape(name);
        }

        TaskCode compile(List<Op> body) {
            block(body, root, 0);
            code.add(TaskCode.END);
            boolean packable = slotCount <= 1 && code.size() <= (1 << TaskCode.PACKED_PC_BITS)
                    && largestRepeat <= TaskCode.PACKED_MAX_VALUE && (!holdsTaskIds || limits.maxTasks() <= TaskCode.PACKED_MAX_VALUE);
            boolean tiny = slotCount <= 1 && code.size() <= (1 << TaskCode.TINY_PC_BITS)
                    && largestRepeat <= TaskCode.TINY_MAX_VALUE && (!holdsTaskIds || limits.maxTasks() <= TaskCode.TINY_MAX_VALUE);
            return new TaskCode(name, index, code.toArray(), templates.toArray(Template[]::new),
                    calls.toArray(SystemCall[]::new), slotCount, packable, tiny);
        }

        private void block(List<Op> block, String at, int depth) {
            for (int i = 0; i < block.size(); i++) {
                op(block.get(i), at + "/" + i, depth);
            }
        }

        private void op(Op op, String at, int depth) {
            switch (op) {
                case Op.GetTid getTid -> {
                    code.add(TaskCode.GET_TID);
                    store(getTid.into(), false, at);
                }
                case Op.Print print -> {
                    templates.add(Template.compile(print.text(), at + "/text", this));
                    code.add(TaskCode.PRINT, templates.size() - 1);
                }
                case Op.Repeat repeat -> repeat(repeat, at, depth);
                case Op.Yield ignored -> code.add(TaskCode.YIELD);
                case Op.Spawn spawn -> {
                    Integer target = definitionIndex.get(spawn.task());
                    if (target == null) {
                        throw new InvalidProgramException(at + "/task", unknownTask(spawn.task()));
                    }
                    code.add(TaskCode.SPAWN, target);
                    store(spawn.into(), false, at);
                }
                case Op.Kill kill -> {
                    taskCall(kill.tid(), at, TaskCode.KILL_VAR, SystemCall.KillTask::new);
                    store(kill.into(), true, at);
                }
                case Op.Wait wait -> {
                    taskCall(wait.tid(), at, TaskCode.WAIT_VAR, SystemCall.WaitTask::new);
                    store(wait.into(), true, at);
                }
                case Op.Sleep sleep -> {
                    calls.add(new SystemCall.Sleep(sleep.ticks()));
                    code.add(TaskCode.CALL, calls.size() - 1);
                }
            }
        }

        private void repeat(Op.Repeat repeat, String at, int depth) {
            if (repeat.times() > Integer.MAX_VALUE) {
                throw new InvalidProgramException(at + "/times", "at most " + Integer.MAX_VALUE + " times, got " + repeat.times());
            }
            largestRepeat = Math.max(largestRepeat, repeat.times());
            int counter;
            if (repeat.var() == null) {
                while (hiddenCounters.size() <= depth) {
                    hiddenCounters.add(slotCount++);
                }
                counter = hiddenCounters.get(depth);
            } else {
                if (loopVariables.contains(repeat.var())) {
                    throw new InvalidProgramException(at + "/var", "'" + repeat.var() + "' is already the variable of an enclosing repeat");
                }
                counter = define(repeat.var(), false, at + "/var");
            }
            Set<String> outer = defined;
            defined = new HashSet<>(outer);
            if (repeat.var() != null) {
                defined.add(repeat.var());
                loopVariables.add(repeat.var());
            }
            code.add(TaskCode.ZERO, counter);
            int head = code.size();
            code.add(TaskCode.LOOP_TEST, counter, (int) repeat.times(), -1);
            int exitOperand = code.size() - 1;
            block(repeat.body(), at + "/body", depth + 1);
            code.add(TaskCode.LOOP_NEXT, counter, head);
            code.set(exitOperand, code.size());
            if (repeat.var() != null) {
                loopVariables.remove(repeat.var());
            }
            defined = outer;
        }

        private void taskCall(Op.TaskRef tid, String at, int variableOpcode,
                              java.util.function.IntFunction<SystemCall> constant) {
            switch (tid) {
                case Op.TidLiteral literal -> {
                    calls.add(constant.apply(literal.tid()));
                    code.add(TaskCode.CALL, calls.size() - 1);
                }
                case Op.TidVariable variable -> {
                    int slot = slotOf(variable.name(), at + "/tid");
                    if (isBoolean(variable.name())) {
                        throw new InvalidProgramException(at + "/tid", "'" + variable.name() + "' holds true/false, not a task id");
                    }
                    code.add(variableOpcode, slot);
                }
            }
        }

        private void store(String into, boolean isBoolean, String at) {
            if (into != null) {
                holdsTaskIds |= !isBoolean;
                if (loopVariables.contains(into)) {
                    throw new InvalidProgramException(at + "/into", "'" + into + "' is the variable of an enclosing repeat");
                }
                code.add(TaskCode.STORE, define(into, isBoolean, at + "/into"));
                defined.add(into);
            }
        }

        private int define(String variable, boolean isBoolean, String at) {
            Boolean known = booleans.putIfAbsent(variable, isBoolean);
            if (known != null && known != isBoolean) {
                throw new InvalidProgramException(at, "'" + variable + "' already holds " + (known ? "true/false" : "a number")
                        + " in task '" + name + "'; use another name");
            }
            return slots.computeIfAbsent(variable, v -> slotCount++);
        }

        @Override
        public int slotOf(String variable, String at) {
            if (!defined.contains(variable)) {
                throw new InvalidProgramException(at, "undefined variable '" + variable + "' in task '" + name
                        + "'; variables are set by 'into' of an earlier op or by an enclosing repeat's 'var'"
                        + (defined.isEmpty() ? "" : "; defined here: " + defined.stream().sorted().toList()));
            }
            return slots.get(variable);
        }

        @Override
        public boolean isBoolean(String variable) {
            return Boolean.TRUE.equals(booleans.get(variable));
        }
    }

    /** A growable int array for the instructions. */
    private static final class IntList {
        private int[] values = new int[32];
        private int size;

        void add(int... more) {
            if (size + more.length > values.length) {
                values = java.util.Arrays.copyOf(values, Math.max(values.length * 2, size + more.length));
            }
            System.arraycopy(more, 0, values, size, more.length);
            size += more.length;
        }

        void set(int at, int value) {
            values[at] = value;
        }

        int size() {
            return size;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }
}
