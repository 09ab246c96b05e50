package dev.corojobs.simulation;

import dev.corojobs.runtime.StacklessCoroutine;
import dev.corojobs.runtime.SystemCall;

/**
 * An instance of a compiled task: a stackless coroutine that interprets its definition's shared
 * instruction array from a program counter up to the next system call. Variables live in int slots; the
 * subclasses keep them in fields so the common small tasks need no array. The coroutine base is 32 bytes
 * with 26 of them used (12 of header, 14 of fields); a subclass adds a reference to its shared definition
 * (4 bytes) and its own state. {@link Tiny} keeps the program counter and one small variable in a
 * {@code char} that fits in the base's two spare bytes: 32 bytes per instance. {@link Packed} uses an
 * {@code int} for larger values and code: 40 bytes (32 with {@code -XX:+UseCompactObjectHeaders}). The
 * others keep up to three variables in fields, or an array.
 */
abstract sealed class CompiledTask extends StacklessCoroutine<Object, SystemCall, Object> implements SystemCall.Body {

    private final TaskType type;

    CompiledTask(TaskType type) {
        this.type = type;
    }

    static CompiledTask of(TaskType type) {
        int slots = type.code().slots();
        if (type.code().tiny()) {
            return new Tiny(type);
        }
        if (type.code().packable()) {
            return new Packed(type);
        }
        if (slots <= 1) {
            return new OneSlot(type);
        }
        if (slots <= 3) {
            return new ThreeSlots(type);
        }
        return new ManySlots(type, slots);
    }

    abstract int pc();

    abstract void pc(int pc);

    abstract int slot(int slot);

    abstract void setSlot(int slot, int value);

    @Override
    public String name() {
        return type.code().name();
    }

    TaskType type() {
        return type;
    }

    @Override
    protected void step(Object sent) {
        TaskHost simulation = type.host();
        simulation.stepping(this);
        int[] code = type.instructions();
        int pc = pc();
        int budget = TaskCode.MAX_INSTRUCTIONS_PER_STEP;
        for (;;) {
            switch (code[pc]) {
                case TaskCode.END -> {
                    pc(pc);
                    finish(null);
                    return;
                }
                case TaskCode.YIELD -> {
                    pc(pc + 1);
                    yieldValue(null);
                    return;
                }
                case TaskCode.GET_TID -> {
                    pc(pc + 1);
                    yieldValue(SystemCall.GET_TID);
                    return;
                }
                case TaskCode.STORE -> {
                    setSlot(code[pc + 1], sent instanceof Integer tid ? tid : Boolean.TRUE.equals(sent) ? 1 : 0);
                    pc += 2;
                }
                case TaskCode.PRINT -> {
                    simulation.print(type, code[pc + 1], this);
                    pc += 2;
                    if (--budget == 0) {
                        throw new IllegalStateException(tooLong());
                    }
                }
                case TaskCode.ZERO -> {
                    setSlot(code[pc + 1], 0);
                    pc += 2;
                }
                case TaskCode.LOOP_TEST -> pc = slot(code[pc + 1]) >= code[pc + 2] ? code[pc + 3] : pc + 4;
                case TaskCode.LOOP_NEXT -> {
                    setSlot(code[pc + 1], slot(code[pc + 1]) + 1);
                    pc = code[pc + 2];
                    if (--budget == 0) {
                        throw new IllegalStateException(tooLong());
                    }
                }
                case TaskCode.SPAWN -> {
                    pc(pc + 2);
                    yieldValue(new SystemCall.NewTask(simulation.newTask(code[pc + 1])));
                    return;
                }
                case TaskCode.CALL -> {
                    pc(pc + 2);
                    SystemCall call = type.code().calls()[code[pc + 1]];
                    if (call instanceof SystemCall.Sleep sleep) {
                        simulation.sleeping(this, sleep.ticks());
                    }
                    yieldValue(call);
                    return;
                }
                case TaskCode.KILL_VAR -> {
                    pc(pc + 2);
                    yieldValue(new SystemCall.KillTask(slot(code[pc + 1])));
                    return;
                }
                case TaskCode.WAIT_VAR -> {
                    pc(pc + 2);
                    yieldValue(new SystemCall.WaitTask(slot(code[pc + 1])));
                    return;
                }
                default -> throw new IllegalStateException("bad instruction " + code[pc] + " at " + pc + " in " + name());
            }
        }
    }

    private String tooLong() {
        return "ran " + TaskCode.MAX_INSTRUCTIONS_PER_STEP + " loop iterations without yielding: add a yield to the repeat";
    }

    private static final class OneSlot extends CompiledTask {
        private int pc;
        private int slot0;

        OneSlot(TaskType type) {
            super(type);
        }

        @Override
        int pc() {
            return pc;
        }

        @Override
        void pc(int pc) {
            this.pc = pc;
        }

        @Override
        int slot(int slot) {
            return slot0;
        }

        @Override
        void setSlot(int slot, int value) {
            slot0 = value;
        }
    }

    private static final class ThreeSlots extends CompiledTask {
        private int pc;
        private int slot0;
        private int slot1;
        private int slot2;

        ThreeSlots(TaskType type) {
            super(type);
        }

        @Override
        int pc() {
            return pc;
        }

        @Override
        void pc(int pc) {
            this.pc = pc;
        }

        @Override
        int slot(int slot) {
            return switch (slot) {
                case 0 -> slot0;
                case 1 -> slot1;
                default -> slot2;
            };
        }

        @Override
        void setSlot(int slot, int value) {
            switch (slot) {
                case 0 -> slot0 = value;
                case 1 -> slot1 = value;
                default -> slot2 = value;
            }
        }
    }

    private static final class ManySlots extends CompiledTask {
        private int pc;
        private final int[] slots;

        ManySlots(TaskType type, int count) {
            super(type);
            this.slots = new int[count];
        }

        @Override
        int pc() {
            return pc;
        }

        @Override
        void pc(int pc) {
            this.pc = pc;
        }

        @Override
        int slot(int slot) {
            return slots[slot];
        }

        @Override
        void setSlot(int slot, int value) {
            slots[slot] = value;
        }
    }

    /**
     * The program counter in the low {@link TaskCode#PACKED_PC_BITS} bits and the one slot above them, for
     * definitions that fit ({@link TaskCode#packable()}: short code, one non-negative variable that stays small).
     */
    private static final class Packed extends CompiledTask {
        private static final int PC_MASK = (1 << TaskCode.PACKED_PC_BITS) - 1;

        private int packed;

        Packed(TaskType type) {
            super(type);
        }

        @Override
        int pc() {
            return packed & PC_MASK;
        }

        @Override
        void pc(int pc) {
            packed = (packed & ~PC_MASK) | pc;
        }

        @Override
        int slot(int slot) {
            return packed >>> TaskCode.PACKED_PC_BITS;
        }

        @Override
        void setSlot(int slot, int value) {
            packed = (value << TaskCode.PACKED_PC_BITS) | (packed & PC_MASK);
        }
    }

    /**
     * The program counter and the one slot in a single {@code char}, which fits in the two bytes the
     * coroutine base leaves free before its 8-byte boundary: 32 bytes per instance with standard object
     * headers. For definitions with at most {@code 2^TINY_PC_BITS} ints of code whose one variable stays
     * under {@code 2^(16 - TINY_PC_BITS)} ({@link TaskCode#tiny()}): small loop counters and booleans, no
     * task ids.
     */
    private static final class Tiny extends CompiledTask {
        private static final int PC_MASK = (1 << TaskCode.TINY_PC_BITS) - 1;

        private char packed;

        Tiny(TaskType type) {
            super(type);
        }

        @Override
        int pc() {
            return packed & PC_MASK;
        }

        @Override
        void pc(int pc) {
            packed = (char) ((packed & ~PC_MASK) | pc);
        }

        @Override
        int slot(int slot) {
            return packed >>> TaskCode.TINY_PC_BITS;
        }

        @Override
        void setSlot(int slot, int value) {
            packed = (char) ((value << TaskCode.TINY_PC_BITS) | (packed & PC_MASK));
        }
    }
}
