package dev.corojobs.pipeline;

/**
 * Keys and values a map stage pushes to its reduce stage: key {@code i} is {@code data[starts[i], ends[i])},
 * or {@code "-"} when {@code starts[i]} is -1; its value is {@code values[i]}, or 1 when {@code values} is null.
 */
record KeyBatch(byte[] data, int[] starts, int[] ends, long[] values, int count) {
}
