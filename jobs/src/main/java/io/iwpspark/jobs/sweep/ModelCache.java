package io.iwpspark.jobs.sweep;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.lvlm.llava.LlavaModel;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One loaded model per executor JVM and (path, device, dtype): every task of the JVM shares it
 * (the runtime is thread-safe across samples), instead of loading once per partition. Closed by a
 * shutdown hook when the executor exits.
 */
public final class ModelCache {
    private record Key(Path path, Device device, DataType dtype) {}

    private static final Map<Key, LlavaModel> MODELS = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ModelCache::closeAll, "iwp-model-cache-close"));
    }

    private ModelCache() {}

    public static LlavaModel get(Path path, Device device, DataType dtype) throws CheckpointException {
        Key key = new Key(path.toAbsolutePath().normalize(), device, dtype);
        LlavaModel m = MODELS.get(key);
        if (m != null) {
            return m;
        }
        synchronized (MODELS) {
            m = MODELS.get(key);
            if (m == null) {
                m = LlavaModel.load(key.path(), device, dtype);
                MODELS.put(key, m);
            }
            return m;
        }
    }

    /** How many models this JVM holds (tests check the one-per-JVM rule). */
    public static int loaded() {
        return MODELS.size();
    }

    public static void closeAll() {
        synchronized (MODELS) {
            MODELS.values().forEach(LlavaModel::close);
            MODELS.clear();
        }
    }
}
