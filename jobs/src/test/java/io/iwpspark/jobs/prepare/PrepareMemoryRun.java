package io.iwpspark.jobs.prepare;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Tool (not a test): runs {@code iwp} with the given arguments in this JVM, then prints the wall
 * time and the peak heap the JVM's memory-pool MXBeans recorded (the sum of each heap pool's peak:
 * an upper bound of the peak total). Run it with a small {@code -Xmx} to show that prepare holds no
 * benchmark in the driver (docs/PERFORMANCE.md).
 */
public final class PrepareMemoryRun {
    private PrepareMemoryRun() {}

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        var main = Class.forName("io.iwpspark.jobs.cli.Main").getDeclaredMethod("run", String[].class,
                java.io.PrintStream.class, java.io.PrintStream.class);
        main.setAccessible(true);
        int code = (int) main.invoke(null, args, System.out, System.err);
        double seconds = (System.nanoTime() - start) / 1e9;
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        System.out.printf("exit %d, wall %.1f s, peak heap (sum of heap pool peaks) %.0f MiB, max heap %.0f MiB%n", code,
                seconds, peak / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0);
        System.exit(code);
    }
}
