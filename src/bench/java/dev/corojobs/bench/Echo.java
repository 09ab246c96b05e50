package dev.corojobs.bench;

import dev.corojobs.runtime.StacklessCoroutine;

/** {@code while True: x = yield x}: the cheapest coroutine there is, sent to by several benchmarks. */
final class Echo extends StacklessCoroutine<Object, Object, Object> {
    @Override
    protected void step(Object sent) {
        yieldValue(sent);
    }
}
