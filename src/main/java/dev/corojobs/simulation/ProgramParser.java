package dev.corojobs.simulation;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a program document (JSON already parsed into maps, lists, strings, numbers and booleans) into a
 * {@link Program}. Shape mistakes are reported with their JSON pointer; meaning (unknown tasks, undefined
 * variables) is checked by {@link ProgramCompiler}.
 */
public final class ProgramParser {

    /** How deeply {@code repeat}s may nest. */
    public static final int MAX_NESTING = 16;
    /** Ops in a whole program, counting nested ones. */
    public static final int MAX_OPS = 10_000;
    /** Task definitions in a program. */
    public static final int MAX_DEFINITIONS = 1_000;

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,63}");
    private static final Pattern VARIABLE_REF = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");
    static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    private int ops;

    private ProgramParser() {
    }

    /** Parses {@code document}; throws {@link InvalidProgramException} naming the place of the first mistake. */
    public static Program parse(Object document) {
        return new ProgramParser().program(document);
    }

    private Program program(Object document) {
        Map<String, Object> root = object(document, "");
        onlyFields(root, "", Set.of("tasks", "start", "maxSteps", "traceLimit"));
        Map<String, Object> taskDocs = object(required(root, "tasks", ""), "/tasks");
        if (taskDocs.isEmpty()) {
            throw new InvalidProgramException("/tasks", "a program needs at least one task");
        }
        if (taskDocs.size() > MAX_DEFINITIONS) {
            throw new InvalidProgramException("/tasks", "at most " + MAX_DEFINITIONS + " task definitions, got " + taskDocs.size());
        }
        Map<String, List<Op>> tasks = new LinkedHashMap<>();
        for (Map.Entry<String, Object> task : taskDocs.entrySet()) {
            String at = "/tasks/" + escape(task.getKey());
            if (!NAME.matcher(task.getKey()).matches()) {
                throw new InvalidProgramException(at, "task name '" + task.getKey()
                        + "' must start with a letter or '_' and use only letters, digits, '_' and '-' (at most 64)");
            }
            tasks.put(task.getKey(), block(task.getValue(), at, 0));
        }
        List<StartEntry> start = start(required(root, "start", ""));
        Long maxSteps = root.containsKey("maxSteps") ? wholeNumber(root.get("maxSteps"), "/maxSteps", 1) : null;
        Integer traceLimit = root.containsKey("traceLimit")
                ? (int) Math.min(Integer.MAX_VALUE, wholeNumber(root.get("traceLimit"), "/traceLimit", 0)) : null;
        return new Program(tasks, start, maxSteps, traceLimit);
    }

    private List<StartEntry> start(Object value) {
        List<Object> entries = array(value, "/start");
        if (entries.isEmpty()) {
            throw new InvalidProgramException("/start", "start at least one task");
        }
        List<StartEntry> start = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            String at = "/start/" + i;
            Object entry = entries.get(i);
            if (entry instanceof String name) {
                start.add(new StartEntry(name, 1));
            } else if (entry instanceof Map<?, ?>) {
                Map<String, Object> fields = object(entry, at);
                onlyFields(fields, at, Set.of("task", "count"));
                String task = string(required(fields, "task", at), at + "/task");
                long count = fields.containsKey("count") ? wholeNumber(fields.get("count"), at + "/count", 0) : 1;
                start.add(new StartEntry(task, count));
            } else {
                throw new InvalidProgramException(at, "a start entry is a task name or {\"task\": name, \"count\": n}");
            }
        }
        return start;
    }

    private List<Op> block(Object value, String at, int depth) {
        if (depth > MAX_NESTING) {
            throw new InvalidProgramException(at, "repeats nest at most " + MAX_NESTING + " deep");
        }
        List<Object> items = array(value, at);
        List<Op> block = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            block.add(op(items.get(i), at + "/" + i, depth));
        }
        return block;
    }

    private Op op(Object value, String at, int depth) {
        if (++ops > MAX_OPS) {
            throw new InvalidProgramException(at, "a program has at most " + MAX_OPS + " ops");
        }
        Map<String, Object> fields = object(value, at);
        String op = string(required(fields, "op", at), at + "/op");
        return switch (op) {
            case "getTid" -> {
                onlyFields(fields, at, Set.of("op", "into"));
                yield new Op.GetTid(variable(fields, "into", at));
            }
            case "print" -> {
                onlyFields(fields, at, Set.of("op", "text"));
                yield new Op.Print(string(required(fields, "text", at), at + "/text"));
            }
            case "repeat" -> {
                onlyFields(fields, at, Set.of("op", "times", "var", "body"));
                long times = wholeNumber(required(fields, "times", at), at + "/times", 0);
                String var = variable(fields, "var", at);
                yield new Op.Repeat(times, var, block(required(fields, "body", at), at + "/body", depth + 1));
            }
            case "yield" -> {
                onlyFields(fields, at, Set.of("op"));
                yield new Op.Yield();
            }
            case "spawn" -> {
                onlyFields(fields, at, Set.of("op", "task", "into"));
                yield new Op.Spawn(string(required(fields, "task", at), at + "/task"), variable(fields, "into", at));
            }
            case "kill" -> {
                onlyFields(fields, at, Set.of("op", "tid", "into"));
                yield new Op.Kill(taskRef(required(fields, "tid", at), at + "/tid"), variable(fields, "into", at));
            }
            case "wait" -> {
                onlyFields(fields, at, Set.of("op", "tid", "into"));
                yield new Op.Wait(taskRef(required(fields, "tid", at), at + "/tid"), variable(fields, "into", at));
            }
            case "sleep" -> {
                onlyFields(fields, at, Set.of("op", "ticks"));
                yield new Op.Sleep(wholeNumber(required(fields, "ticks", at), at + "/ticks", 0));
            }
            default -> throw new InvalidProgramException(at + "/op", "unknown op '" + op
                    + "'; ops are getTid, print, repeat, yield, spawn, kill, wait, sleep");
        };
    }

    private static Op.TaskRef taskRef(Object value, String at) {
        if (value instanceof String text) {
            var matcher = VARIABLE_REF.matcher(text.strip());
            if (matcher.matches()) {
                return new Op.TidVariable(matcher.group(1));
            }
            throw new InvalidProgramException(at, "a task id is a number or \"{variable}\", got \"" + text + "\"");
        }
        long tid = wholeNumber(value, at, 1);
        return new Op.TidLiteral((int) Math.min(Integer.MAX_VALUE, tid));
    }

    private static String variable(Map<String, Object> fields, String name, String at) {
        if (!fields.containsKey(name) || fields.get(name) == null) {
            return null;
        }
        String variable = string(fields.get(name), at + "/" + name);
        if (!VARIABLE.matcher(variable).matches()) {
            throw new InvalidProgramException(at + "/" + name, "variable name '" + variable
                    + "' must start with a letter or '_' and use only letters, digits and '_'");
        }
        return variable;
    }

    private static Object required(Map<String, Object> fields, String name, String at) {
        Object value = fields.get(name);
        if (value == null) {
            throw new InvalidProgramException(at + "/" + name, "'" + name + "' is required");
        }
        return value;
    }

    private static void onlyFields(Map<String, Object> fields, String at, Set<String> allowed) {
        for (String name : fields.keySet()) {
            if (!allowed.contains(name)) {
                throw new InvalidProgramException(at + "/" + escape(name), "unknown field '" + name + "'; expected one of "
                        + allowed.stream().sorted().toList());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String at) {
        if (value instanceof Map<?, ?> map) {
            for (Object key : map.keySet()) {
                if (!(key instanceof String)) {
                    throw new InvalidProgramException(at, "object keys must be strings");
                }
            }
            return (Map<String, Object>) map;
        }
        throw new InvalidProgramException(at, "expected an object, got " + describe(value));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> array(Object value, String at) {
        if (value instanceof List<?> list) {
            return (List<Object>) list;
        }
        throw new InvalidProgramException(at, "expected an array, got " + describe(value));
    }

    private static String string(Object value, String at) {
        if (value instanceof String text) {
            return text;
        }
        throw new InvalidProgramException(at, "expected a string, got " + describe(value));
    }

    private static long wholeNumber(Object value, String at, long min) {
        long number;
        switch (value) {
            case Integer i -> number = i;
            case Long l -> number = l;
            case Short s -> number = s;
            case Byte b -> number = b;
            case BigInteger big -> number = big.signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
            case BigDecimal decimal when decimal.stripTrailingZeros().scale() <= 0 ->
                    number = decimal.signum() < 0 ? Math.max(Long.MIN_VALUE, decimal.longValue()) : decimal.min(BigDecimal.valueOf(Long.MAX_VALUE)).longValue();
            case Double d when d == Math.rint(d) && !d.isInfinite() -> number = (long) (double) d;
            case Float f when f == Math.rint(f) && !f.isInfinite() -> number = (long) (float) f;
            case null, default -> throw new InvalidProgramException(at, "expected a whole number, got " + describe(value));
        }
        if (number < min) {
            throw new InvalidProgramException(at, "must be at least " + min + ", got " + number);
        }
        return number;
    }

    private static String describe(Object value) {
        return switch (value) {
            case null -> "null";
            case String s -> "the string \"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
            case Number n -> "the number " + n;
            case Boolean b -> b.toString();
            case List<?> l -> "an array";
            case Map<?, ?> m -> "an object";
            default -> value.getClass().getSimpleName();
        };
    }

    /** Escapes a key for a JSON pointer (RFC 6901). */
    static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
