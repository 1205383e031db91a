package io.iwpspark.jobs.sweep;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.lvlm.Lvlm;
import io.iwpspark.lvlm.ModelFamilies;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One loaded model (of whichever family the checkpoint names) per executor JVM and (path, device, dtype): every task of the JVM shares it
 * (the runtime is thread-safe across samples), instead of loading once per partition. Closed by a
 * shutdown hook when the executor exits, once the preload threads' work on them has stopped.
 */
public final class ModelCache {
    private record Key(Path path, Device device, DataType dtype) {}

    /** Work a preload thread runs on the loaded model (the sweep's {@link WarmUp}), which can be asked to end. */
    interface AfterLoad extends Runnable {
        /** Asks {@link #run} to return soon (before its next sample); may be called before or while it runs. */
        void stop();
    }

    private static final Map<Key, Lvlm> MODELS = new ConcurrentHashMap<>();
    /** How long {@link #closeAll} waits for the work after a preload to stop (a warm-up sample of a large model). */
    private static final long STOP_WAIT_MS = 120_000;
    /** The preload threads running their {@link AfterLoad} on a cached model; guarded by {@code MODELS}. */
    private static final Map<Thread, AfterLoad> RUNNING = new HashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ModelCache::closeAtExit, "iwp-model-cache-close"));
    }

    private ModelCache() {}

    public static Lvlm get(Path path, Device device, DataType dtype) throws CheckpointException {
        Key key = new Key(path.toAbsolutePath().normalize(), device, dtype);
        Lvlm m = MODELS.get(key);
        if (m != null) {
            return m;
        }
        synchronized (MODELS) {
            m = MODELS.get(key);
            if (m == null) {
                m = ModelFamilies.load(key.path(), device, dtype);
                MODELS.put(key, m);
            }
            return m;
        }
    }

    /**
     * Starts loading the model on a daemon thread when this JVM is also the executor (local master) and the
     * tasks will run on the CPU (device cpu, or auto without GPU resources), so the load overlaps the driver's
     * bookkeeping instead of holding up the first tasks, which then find it here (or wait for it). A failed
     * load is not kept: each task then tries again and reports the error in its rows. Once loaded, the thread
     * runs {@code then} (the sweep's {@link WarmUp}).
     *
     * @return the loading thread, or empty when nothing is loaded ahead (cluster master or GPU tasks)
     */
    static Optional<Thread> preloadIfLocal(org.apache.spark.SparkContext spark,
            io.iwpspark.jobs.config.RuntimeSettings settings, AfterLoad then) {
        boolean gpuTasks = spark.getConf().contains("spark.task.resource.gpu.amount");
        if (!spark.isLocal() || settings.device().equals("gpu") || gpuTasks) {
            return Optional.empty();
        }
        Path path = Path.of(settings.model());
        DataType dtype = EvaluatePartition.dtype(settings);
        Thread t = new Thread(() -> {
            Lvlm loaded;
            try {
                loaded = get(path, Device.cpu(), dtype);
            } catch (CheckpointException e) {
                return; // the tasks load it again and report this in their error rows
            }
            synchronized (MODELS) {
                if (!MODELS.containsValue(loaded)) {
                    return; // closed by closeAll since it was loaded
                }
                RUNNING.put(Thread.currentThread(), then);
            }
            try {
                then.run();
            } finally {
                synchronized (MODELS) {
                    RUNNING.remove(Thread.currentThread());
                    MODELS.notifyAll();
                }
            }
        }, "iwp-model-preload");
        t.setDaemon(true);
        t.start();
        return Optional.of(t);
    }

    /** How many models this JVM holds (tests check the one-per-JVM rule). */
    public static int loaded() {
        return MODELS.size();
    }

    /**
     * Closes every cached model, after asking the preload threads' work on them to stop and waiting for it (a
     * model closed under a running forward pass frees native memory the pass still uses, which aborts the JVM).
     *
     * @throws IllegalStateException when interrupted while waiting, or when the work is still running after
     *     {@value #STOP_WAIT_MS} ms; the models are then left open
     */
    public static void closeAll() {
        synchronized (MODELS) {
            long deadline = System.nanoTime() + STOP_WAIT_MS * 1_000_000;
            while (!RUNNING.isEmpty()) {
                RUNNING.values().forEach(AfterLoad::stop); // again after each wait: a preload may have started since
                long leftMs = (deadline - System.nanoTime()) / 1_000_000;
                if (leftMs <= 0) {
                    throw new IllegalStateException(RUNNING.keySet() + " still used the cached models " + STOP_WAIT_MS
                            + " ms after being asked to stop; they are left open");
                }
                try {
                    MODELS.wait(leftMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for " + RUNNING.keySet()
                            + " to stop using the cached models; they are left open", e);
                }
            }
            MODELS.values().forEach(Lvlm::close);
            MODELS.clear();
        }
    }

    /** The shutdown hook: closes the models, or says why they were left to the process's exit. */
    private static void closeAtExit() {
        try {
            closeAll();
        } catch (IllegalStateException e) {
            System.err.println("iwp: " + e.getMessage() + " (the process's exit frees them)");
        }
    }
}
