package dev.corojobs.simulation;

import dev.corojobs.runtime.SystemCall;

/**
 * One task definition compiled to a flat instruction array, shared by every instance of the task. An
 * instance only keeps a program counter and its variable slots.
 *
 * @param name the task's name in the program
 * @param index the definition's position in the program
 * @param code instructions: an opcode followed by its operands
 * @param templates the compiled {@code print} texts, by index
 * @param calls prebuilt system calls with constant arguments, by index
 * @param slots how many int variables (named ones and hidden loop counters) an instance needs
 * @param packable whether an instance may keep its program counter and its one slot in a single int: at
 *     most one slot, code shorter than {@code 2^PACKED_PC_BITS}, and every value the slot can hold (loop
 *     counts, task ids up to the task cap, 0/1) below {@code 2^(32 - PACKED_PC_BITS)}
 * @param tiny the same in a {@code char}: code of at most {@code 2^TINY_PC_BITS} ints, values up to
 *     {@link #TINY_MAX_VALUE}
 */
record TaskCode(String name, int index, int[] code, Template[] templates, SystemCall[] calls, int slots,
                boolean packable, boolean tiny) {

    /** Bits of the program counter in a tiny instance (a {@code char} holds it and the one slot). */
    static final int TINY_PC_BITS = 6;
    /** Values a tiny instance's slot can hold: 0 to this, inclusive. */
    static final int TINY_MAX_VALUE = (1 << (16 - TINY_PC_BITS)) - 1;

    /** Bits of the program counter in a packed instance. */
    static final int PACKED_PC_BITS = 8;
    /** Values a packed instance's slot can hold: 0 to this, inclusive. */
    static final int PACKED_MAX_VALUE = (1 << (32 - PACKED_PC_BITS)) - 1;

    /** Ends the task. */
    static final int END = 0;
    /** {@code yield}. */
    static final int YIELD = 1;
    /** {@code yield GetTid()}. */
    static final int GET_TID = 2;
    /** {@code slot = answer of the last yield} (tid, or 1/0 for true/false). Operand: slot. */
    static final int STORE = 3;
    /** Operand: template. */
    static final int PRINT = 4;
    /** {@code slot = 0}. Operand: slot. */
    static final int ZERO = 5;
    /** {@code if slot >= times: goto exit}. Operands: slot, times, exit. */
    static final int LOOP_TEST = 6;
    /** {@code slot += 1; goto head}. Operands: slot, head. */
    static final int LOOP_NEXT = 7;
    /** {@code yield NewTask(...)}. Operand: task definition index. */
    static final int SPAWN = 8;
    /** {@code yield} a prebuilt call (kill, wait or sleep with a constant). Operand: call index. */
    static final int CALL = 9;
    /** {@code yield KillTask(slot)}. Operand: slot. */
    static final int KILL_VAR = 10;
    /** {@code yield WaitTask(slot)}. Operand: slot. */
    static final int WAIT_VAR = 11;

    /** Instructions one step may run without yielding before the task is failed (a repeat of prints only). */
    static final int MAX_INSTRUCTIONS_PER_STEP = 1_000_000;
}
