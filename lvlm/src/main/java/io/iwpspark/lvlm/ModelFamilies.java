package io.iwpspark.lvlm;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.iwpspark.lvlm.checkpoint.Checkpoint;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.lvlm.checkpoint.ConfigReader;
import io.iwpspark.lvlm.checkpoint.ExpectedWeights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The registry of model families: every {@link ModelFamily} on the class path, by model_type. Two
 * families claiming one model_type is an error, not a silent choice.
 */
public final class ModelFamilies {
    private static final Map<String, ModelFamily> FAMILIES = discover();

    private ModelFamilies() {}

    private static Map<String, ModelFamily> discover() {
        Map<String, ModelFamily> out = new TreeMap<>();
        for (ModelFamily f : ServiceLoader.load(ModelFamily.class, ModelFamilies.class.getClassLoader())) {
            ModelFamily before = out.put(f.modelType(), f);
            if (before != null) {
                throw new IllegalStateException("two model families claim model_type \"" + f.modelType() + "\": "
                        + before.getClass().getName() + " and " + f.getClass().getName());
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** Every registered family by model_type, sorted. */
    public static Map<String, ModelFamily> all() {
        return FAMILIES;
    }

    /** The family of the checkpoint in {@code dir}, from its config.json model_type. */
    public static ModelFamily of(Path dir) throws CheckpointException {
        if (!Files.isDirectory(dir)) {
            throw new CheckpointException("checkpoint folder " + dir + " does not exist");
        }
        Path config = dir.resolve("config.json");
        String type = ConfigReader.readJson(config).path("model_type").asText("");
        ModelFamily f = FAMILIES.get(type);
        if (f == null) {
            throw new CheckpointException(config + ": model_type must be one of " + FAMILIES.keySet() + ", found \""
                    + type + "\"");
        }
        return f;
    }

    public static ModelCard describe(Path dir) throws CheckpointException {
        return of(dir).describe(dir);
    }

    /**
     * Compares the checkpoint's safetensors headers (never its data) with the tensors its config.json
     * implies, refusing in one line every missing tensor, wrong shape or unreadable dtype: on the driver,
     * what {@link #load} would otherwise find on each executor.
     */
    public static void checkWeights(Path dir) throws CheckpointException {
        ExpectedWeights expected = of(dir).expectedWeights(dir);
        expected.check(Checkpoint.open(dir));
    }

    /** Loads the checkpoint in {@code dir} with its family. */
    public static Lvlm load(Path dir, Device device, DataType dtype) throws CheckpointException {
        return of(dir).load(dir, device, dtype);
    }

    /** CPU, float32. */
    public static Lvlm load(Path dir) throws CheckpointException {
        return load(dir, Device.cpu(), DataType.FLOAT32);
    }
}
