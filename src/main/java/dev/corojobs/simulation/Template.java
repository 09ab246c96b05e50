package dev.corojobs.simulation;

import java.util.ArrayList;
import java.util.List;

/** A compiled {@code print} text: literal pieces with variable slots between them. */
final class Template {

    /** The longest line one {@code print} may produce, variables rendered at their widest. */
    static final int MAX_LINE_LENGTH = 1000;
    private static final int WIDEST_INT = String.valueOf(Integer.MIN_VALUE).length();

    private final String[] literals;
    private final int[] slots;
    private final boolean[] booleans;
    private final int lengthHint;

    private Template(String[] literals, int[] slots, boolean[] booleans) {
        this.literals = literals;
        this.slots = slots;
        this.booleans = booleans;
        int length = 0;
        for (String literal : literals) {
            length += literal.length();
        }
        this.lengthHint = length + 8 * slots.length;
    }

    /**
     * Compiles {@code text}: {@code {name}} is a variable, {@code {{} and {@code }}} are literal braces.
     * {@code slotOf} answers a variable's slot, or throws if it is not defined here.
     */
    static Template compile(String text, String at, VariableScope scope) {
        if (text.length() > MAX_LINE_LENGTH) {
            throw new InvalidProgramException(at, "print text of " + text.length() + " characters; at most "
                    + MAX_LINE_LENGTH + " (the trace keeps lines, not documents)");
        }
        List<String> literals = new ArrayList<>();
        List<Integer> slots = new ArrayList<>();
        List<Boolean> booleans = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                literal.append('{');
                i++;
            } else if (c == '}' && i + 1 < text.length() && text.charAt(i + 1) == '}') {
                literal.append('}');
                i++;
            } else if (c == '{') {
                int close = text.indexOf('}', i);
                if (close < 0) {
                    throw new InvalidProgramException(at, "'{' at " + i + " is not closed (write '{{' for a literal brace)");
                }
                String name = text.substring(i + 1, close).strip();
                if (!ProgramParser.VARIABLE.matcher(name).matches()) {
                    throw new InvalidProgramException(at, "'{" + name + "}' is not a variable name (write '{{' for a literal brace)");
                }
                literals.add(literal.toString());
                literal.setLength(0);
                slots.add(scope.slotOf(name, at));
                booleans.add(scope.isBoolean(name));
                i = close;
            } else if (c == '}') {
                throw new InvalidProgramException(at, "single '}' at " + i + " (write '}}' for a literal brace)");
            } else {
                literal.append(c);
            }
        }
        literals.add(literal.toString());
        int widest = literals.stream().mapToInt(String::length).sum() + WIDEST_INT * slots.size();
        if (widest > MAX_LINE_LENGTH) {
            throw new InvalidProgramException(at, "print text renders up to " + widest + " characters; at most "
                    + MAX_LINE_LENGTH);
        }
        boolean[] flags = new boolean[booleans.size()];
        for (int i = 0; i < flags.length; i++) {
            flags[i] = booleans.get(i);
        }
        return new Template(literals.toArray(String[]::new), slots.stream().mapToInt(Integer::intValue).toArray(), flags);
    }

    String render(CompiledTask task) {
        if (slots.length == 0) {
            return literals[0];
        }
        StringBuilder line = new StringBuilder(lengthHint);
        for (int i = 0; i < slots.length; i++) {
            line.append(literals[i]);
            int value = task.slot(slots[i]);
            if (booleans[i]) {
                line.append(value != 0);
            } else {
                line.append(value);
            }
        }
        return line.append(literals[slots.length]).toString();
    }

    /** What a task's variables are while compiling one op: their slots and types. */
    interface VariableScope {
        int slotOf(String name, String at);

        boolean isBoolean(String name);
    }
}
