package io.iwpspark.jobs.sweep;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.lvlm.Lvlm;
import io.iwpspark.lvlm.ModelFamilies;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One loaded model (of whichever family the checkpoint names) per executor JVM and (path, device, dtype): every task of the JVM shares it
 * (the runtime is thread-safe across samples), instead of loading once per partition. Closed by a
 * shutdown hook when the executor exits.
 */
public final class ModelCache {
    private record Key(Path path, Device device, DataType dtype) {}

    private static final Map<Key, Lvlm> MODELS = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ModelCache::closeAll, "iwp-model-cache-close"));
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
    static Optional<Thread> preloadIfLocal(org.apache.spark.SparkContext spark, io.iwpspark.jobs.config.RuntimeSettings settings,
            Runnable then) {
        boolean gpuTasks = spark.getConf().contains("spark.task.resource.gpu.amount");
        if (!spark.isLocal() || settings.device().equals("gpu") || gpuTasks) {
            return Optional.empty();
        }
        Path path = Path.of(settings.model());
        DataType dtype = EvaluatePartition.dtype(settings);
        Thread t = new Thread(() -> {
            try {
                get(path, Device.cpu(), dtype);
            } catch (CheckpointException e) {
                return; // the tasks load it again and report this in their error rows
            }
            then.run();
        }, "iwp-model-preload");
        t.setDaemon(true);
        t.start();
        return Optional.of(t);
    }

    /** How many models this JVM holds (tests check the one-per-JVM rule). */
    public static int loaded() {
        return MODELS.size();
    }

    public static void closeAll() {
        synchronized (MODELS) {
            MODELS.values().forEach(Lvlm::close);
            MODELS.clear();
        }
    }
}
