package dev.corojobs.simulation;

import dev.corojobs.runtime.StacklessCoroutine;
import dev.corojobs.runtime.SystemCall;

/**
 * An instance of a compiled task: a stackless coroutine that interprets its definition's shared
 * instruction array from a program counter up to the next system call. Variables live in int slots; the
 * subclasses keep one or three in fields so the common small tasks need no array: an instance with one
 * slot costs 40 bytes (the 32-byte coroutine base, a reference to the shared definition, the program
 * counter and the slot).
 */
abstract sealed class CompiledTask extends StacklessCoroutine<Object, SystemCall, Object> implements SystemCall.Body {

    private final TaskType type;
    private int pc;

    CompiledTask(TaskType type) {
        this.type = type;
    }

    static CompiledTask of(TaskType type) {
        int slots = type.code().slots();
        if (slots <= 1) {
            return new OneSlot(type);
        }
        if (slots <= 3) {
            return new ThreeSlots(type);
        }
        return new ManySlots(type, slots);
    }

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
        int[] code = type.instructions();
        int pc = this.pc;
        int budget = TaskCode.MAX_INSTRUCTIONS_PER_STEP;
        for (;;) {
            switch (code[pc]) {
                case TaskCode.END -> {
                    this.pc = pc;
                    finish(null);
                    return;
                }
                case TaskCode.YIELD -> {
                    this.pc = pc + 1;
                    yieldValue(null);
                    return;
                }
                case TaskCode.GET_TID -> {
                    this.pc = pc + 1;
                    yieldValue(SystemCall.GET_TID);
                    return;
                }
                case TaskCode.STORE -> {
                    setSlot(code[pc + 1], sent instanceof Integer tid ? tid : Boolean.TRUE.equals(sent) ? 1 : 0);
                    pc += 2;
                }
                case TaskCode.PRINT -> {
                    type.simulation().print(type, code[pc + 1], this);
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
                    this.pc = pc + 2;
                    yieldValue(new SystemCall.NewTask(type.simulation().newTask(code[pc + 1])));
                    return;
                }
                case TaskCode.CALL -> {
                    this.pc = pc + 2;
                    yieldValue(type.code().calls()[code[pc + 1]]);
                    return;
                }
                case TaskCode.KILL_VAR -> {
                    this.pc = pc + 2;
                    yieldValue(new SystemCall.KillTask(slot(code[pc + 1])));
                    return;
                }
                case TaskCode.WAIT_VAR -> {
                    this.pc = pc + 2;
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
        private int slot0;

        OneSlot(TaskType type) {
            super(type);
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
        private int slot0;
        private int slot1;
        private int slot2;

        ThreeSlots(TaskType type) {
            super(type);
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
        private final int[] slots;

        ManySlots(TaskType type, int count) {
            super(type);
            this.slots = new int[count];
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
}
