package dev.corojobs.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Random sequences of send / throw / close against randomly shaped yield-from chains (seeded, so a failure
 * reproduces) never leave the coroutines in an inconsistent state.
 */
class StacklessInvariantsTest {

    private static final int SEEDS = 2_000;
    private static final int OPERATIONS = 60;

    /** An exception a frame may choose to handle. */
    static final class Soft extends RuntimeException {
        Soft() {
            super("soft", null, false, false);
        }
    }

    /** An exception no frame handles. */
    static final class Hard extends RuntimeException {
        Hard(String message) {
            super(message, null, false, false);
        }
    }

    /** Shared by the frames of one run: the structure decisions and the value counter. */
    static final class World {
        final Random structure;
        final List<Frame> frames = new ArrayList<>();
        int nextValue;

        World(long seed) {
            structure = new Random(seed);
        }

        Frame newFrame(int depth) {
            Frame frame = new Frame(this, depth, frames.size());
            frames.add(frame);
            return frame;
        }
    }

    static final class Frame extends StacklessCoroutine<Object, Integer, Integer> {
        final World world;
        final int depth;
        final int id;
        int closes;

        Frame(World world, int depth, int id) {
            this.world = world;
            this.depth = depth;
            this.id = id;
        }

        @Override
        protected void step(Object sent) {
            int dice = world.structure.nextInt(20);
            if (dice < 12) {
                yieldValue(world.nextValue++);
            } else if (dice < 16 && depth < 6) {
                delegateTo(world.newFrame(depth + 1));
            } else if (dice < 19) {
                finish(id);
            } else {
                throw new Hard("step of f" + id + " failed");
            }
        }

        @Override
        protected void onThrow(Throwable exception) {
            if (exception instanceof Soft && world.structure.nextBoolean()) {
                yieldValue(world.nextValue++);
            } else {
                super.onThrow(exception);
            }
        }

        @Override
        protected void onClose() {
            closes++;
        }

        @Override
        public String name() {
            return "f" + id;
        }
    }

    @Test
    void randomOperationsKeepTheStateMachineConsistent() {
        for (long seed = 0; seed < SEEDS; seed++) {
            try {
                runOnce(seed);
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
            }
        }
    }

    private void runOnce(long seed) {
        World world = new World(seed);
        Random operations = new Random(~seed);
        Frame outer = world.newFrame(0);
        int lastValue = -1;
        boolean everClosed = false;
        for (int op = 0; op < OPERATIONS; op++) {
            List<String> chainBefore = outer.state() == CoroutineState.SUSPENDED ? outer.delegationChain() : List.of();
            int[] closesBefore = world.frames.stream().mapToInt(f -> f.closes).toArray();
            boolean wasClosed = outer.state() == CoroutineState.CLOSED;
            int dice = operations.nextInt(10);
            try {
                Integer value;
                if (dice < 5) {
                    value = outer.state() == CoroutineState.CREATED ? outer.send(null) : outer.send(op);
                } else if (dice == 5) {
                    value = outer.throwInto(new Soft());
                } else if (dice == 6) {
                    Hard hard = new Hard("thrown in");
                    assertThatThrownBy(() -> outer.throwInto(hard)).isSameAs(hard);
                    assertThat(outer.state()).isEqualTo(CoroutineState.CLOSED);
                    assertThat(closesOf(world)).as("a failure runs no cleanup").containsExactly(closesBefore);
                    continue;
                } else if (dice == 7) {
                    outer.close();
                    everClosed = true;
                    for (Frame frame : world.frames) {
                        int expected = closesBefore[frame.id] + (!wasClosed && chainBefore.contains(frame.name()) ? 1 : 0);
                        assertThat(frame.closes).as("cleanups of %s", frame.name()).isEqualTo(expected);
                    }
                    continue;
                } else {
                    sendToAnInnerFrame(world, operations);
                    continue;
                }
                assertThat(value).as("values come out in order, none lost").isEqualTo(lastValue + 1).isEqualTo(world.nextValue - 1);
                lastValue = value;
                assertThat(outer.yielded()).isEqualTo(value);
            } catch (CoroutineExhaustedException | Soft | Hard e) {
                assertThat(outer.state()).isEqualTo(CoroutineState.CLOSED);
            } finally {
                checkInvariants(world, outer, wasClosed);
            }
        }
        assertThat(everClosed || outer.state() != CoroutineState.CLOSED || world.frames.stream().allMatch(f -> f.closes == 0))
                .as("cleanup ran only when closed").isTrue();
    }

    private static void sendToAnInnerFrame(World world, Random operations) {
        if (world.frames.size() < 2) {
            return;
        }
        Frame inner = world.frames.get(1 + operations.nextInt(world.frames.size() - 1));
        CoroutineState before = inner.state();
        if (before == CoroutineState.CLOSED) {
            assertThat(inner.resume(null)).isFalse();
        } else {
            assertThatThrownBy(inner::next).isInstanceOf(IllegalStateException.class);
            assertThat(inner.state()).isEqualTo(before);
        }
    }

    private static int[] closesOf(World world) {
        return world.frames.stream().mapToInt(f -> f.closes).toArray();
    }

    private static void checkInvariants(World world, Frame outer, boolean wasClosed) {
        CoroutineState outerState = outer.state();
        assertThat(outerState).isNotEqualTo(CoroutineState.RUNNING);
        if (wasClosed) {
            assertThat(outerState).as("closed is final").isEqualTo(CoroutineState.CLOSED);
        }
        for (Frame frame : world.frames) {
            assertThat(frame.state()).as("%s between operations", frame.name()).isNotEqualTo(CoroutineState.RUNNING);
            assertThat(frame.closes).as("cleanups of %s", frame.name()).isLessThanOrEqualTo(1);
            if (frame != outer) {
                assertThat(frame.state()).as("a delegate starts at once").isNotEqualTo(CoroutineState.CREATED);
            }
        }
        Set<String> live = world.frames.stream()
                .filter(f -> f.state() == CoroutineState.SUSPENDED)
                .map(Frame::name)
                .collect(Collectors.toSet());
        if (outerState == CoroutineState.CLOSED) {
            assertThat(live).as("closing the outer closes the chain").isEmpty();
        } else if (outerState == CoroutineState.SUSPENDED) {
            List<String> chain = outer.delegationChain();
            assertThat(chain).as("the chain is exactly the suspended frames").containsExactlyInAnyOrderElementsOf(live);
            assertThat(chain.getFirst()).isEqualTo(outer.name());
            for (int i = 1; i < chain.size(); i++) {
                Frame frame = world.frames.get(Integer.parseInt(chain.get(i).substring(1)));
                if (frame.depth != i) {
                    fail("%s sits at depth %d of the chain but was created at depth %d", frame.name(), i, frame.depth);
                }
            }
        }
    }
}
