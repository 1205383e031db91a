package io.iwpspark.lvlm;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.lvlm.checkpoint.ExpectedWeights;
import java.nio.file.Path;

/**
 * A model family, found by ServiceLoader (META-INF/services/io.iwpspark.lvlm.ModelFamily) and keyed
 * by the Hugging Face {@code model_type} of the checkpoints it loads. Adding a family is one package
 * with an implementation of this interface and one services line.
 */
public interface ModelFamily {
    /** The config.json model_type this family loads, e.g. "llava" or "llava_next". */
    String modelType();

    /** The checkpoint's card from its config files alone (no weights read). */
    ModelCard describe(Path dir) throws CheckpointException;

    /**
     * The tensors and shapes the checkpoint's config.json implies: what {@link #load} will read, so that
     * comparing them with the safetensors headers finds on the driver what load would refuse.
     */
    ExpectedWeights expectedWeights(Path dir) throws CheckpointException;

    /** Loads the checkpoint in {@code dtype} (FLOAT32 or FLOAT16) on {@code device}. */
    Lvlm load(Path dir, Device device, DataType dtype) throws CheckpointException;
}
