package dev.corojobs.bench;

import dev.corojobs.runtime.TaskTracker;
import dev.corojobs.simulation.CompiledProgram;
import dev.corojobs.simulation.ProgramCompiler;
import dev.corojobs.simulation.Simulation;
import dev.corojobs.simulation.SimulationLimits;
import dev.corojobs.simulation.SimulationWork;
import dev.corojobs.simulation.SpoolBudget;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * N tasks written in the task language, each yielding Y times, printing off ({@code traceLimit} 0): the
 * whole job (start every task, run to the end) timed through {@link SimulationWork}, and the heap per live
 * task measured after a GC with all N spawned and suspended at their first yield.
 *
 * <p>Usage: {@code SimulationBenchmark [tasks] [yields] [runs]}; prints {@code key=value} lines for bench/simulation.sh.
 */
public final class SimulationBenchmark {

    private SimulationBenchmark() {
    }

    public static void main(String[] args) {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int yields = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Map<String, Object> document = Map.of(
                "tasks", Map.of("worker", List.of(Map.of("op", "repeat", "times", yields, "body", List.of(Map.of("op", "yield"))))),
                "start", List.of(Map.of("task", "worker", "count", tasks)),
                "traceLimit", 0);
        long steps = (long) tasks * (yields + 1);
        SimulationLimits limits = new SimulationLimits(tasks, Math.max(steps, 1), Math.max(steps, 1), 0, 0,
                1_000_000, 0, 0, null, 0, 0, SpoolBudget.unlimited());
        CompiledProgram program = ProgramCompiler.compile(document, limits);

        System.out.println("bytes_per_task=" + String.format("%.1f", heapPerLiveTask(program, limits, tasks)));

        double[] seconds = new double[runs];
        double[] cpuSeconds = new double[runs];
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int run = 0; run < runs; run++) {
            long cpuStart = os.getProcessCpuTime();
            long start = System.nanoTime();
            SimulationWork work = new SimulationWork(program, limits, new TaskTracker());
            while (work.resume(null)) {
                // one slice of a million steps per resume
            }
            seconds[run] = (System.nanoTime() - start) / 1e9;
            cpuSeconds[run] = (os.getProcessCpuTime() - cpuStart) / 1e9;
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) work.returnValue();
            if (!Long.valueOf(steps).equals(result.get("steps"))) {
                throw new IllegalStateException("expected " + steps + " steps, got " + result.get("steps"));
            }
            System.out.printf("run %d: %.3f s wall, %.3f s CPU (all JVM threads) (%d steps, %.1f ns/step)%n", run + 1,
                    seconds[run], cpuSeconds[run], steps, seconds[run] * 1e9 / steps);
        }
        Arrays.sort(seconds);
        Arrays.sort(cpuSeconds);
        System.out.printf("java_min_seconds=%.3f%njava_median_seconds=%.3f%njava_median_cpu_seconds=%.3f%n",
                seconds[0], seconds[runs / 2], cpuSeconds[runs / 2]);
    }

    /**
     * Heap retained by a simulation with every task spawned and stepped once (suspended at its first yield),
     * measured two ways, each as (with the simulation) minus (after dropping it): the total of a live-object
     * class histogram (exact object sizes, whatever the collector), and the used heap after a full GC (what
     * the collector really holds, including G1's rounding of humongous arrays up to whole regions).
     * Prints both; returns the histogram figure.
     */
    private static double heapPerLiveTask(CompiledProgram program, SimulationLimits limits, int tasks) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        Simulation simulation = new Simulation(program, limits, new TaskTracker());
        simulation.start(tasks);
        simulation.run(tasks);
        if (simulation.tasksAlive() != tasks || simulation.steps() != tasks) {
            throw new IllegalStateException("expected all " + tasks + " tasks alive after one step each");
        }
        long usedWith = usedAfterGc(memory);
        long liveWith = liveBytes(true);
        java.lang.ref.Reference.reachabilityFence(simulation);
        simulation = null;
        long usedWithout = usedAfterGc(memory);
        long liveWithout = liveBytes(false);
        double live = (liveWith - liveWithout) / (double) tasks;
        double used = (usedWith - usedWithout) / (double) tasks;
        System.out.printf("heap: %d tasks alive retain %.1f MiB of live objects, %.1f MiB of used heap%n", tasks,
                (liveWith - liveWithout) / 1048576.0, (usedWith - usedWithout) / 1048576.0);
        System.out.printf("used_heap_bytes_per_task=%.1f%n", used);
        return live;
    }

    /** The total of {@code jcmd GC.class_histogram} (a full GC, then every live object's exact size). */
    private static long liveBytes(boolean print) {
        try {
            String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            String[] lines = histogram.strip().split("\n");
            if (print) {
                for (int i = 0; i < Math.min(8, lines.length); i++) {
                    System.out.println("  " + lines[i]);
                }
            }
            String[] total = lines[lines.length - 1].trim().split("\\s+");
            return Long.parseLong(total[2]);
        } catch (javax.management.JMException e) {
            throw new IllegalStateException("no class histogram: " + e, e);
        }
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
