package io.iwpspark.lvlm.runtime;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import java.nio.file.Path;

/**
 * What every family's load shares: the dtype check, a manager for the weights on the device, the
 * tokenizer, and closing both when building the model fails half way.
 */
public final class ModelLoading {
    private ModelLoading() {}

    /** Builds a family's model from the weights' manager and the checkpoint's tokenizer. */
    @FunctionalInterface
    public interface Build<T> {
        T build(NDManager weights, PromptTokens tokens) throws CheckpointException;
    }

    public static void requireDtype(DataType dtype) {
        if (dtype != DataType.FLOAT32 && dtype != DataType.FLOAT16) {
            throw new IllegalArgumentException("dtype must be FLOAT32 or FLOAT16, found " + dtype);
        }
    }

    /** Runs {@code build} with a new manager on {@code device} and the tokenizer of {@code dir}; closes both if it fails. */
    public static <T> T load(Path dir, Device device, Build<T> build) throws CheckpointException {
        NDManager m = NDManager.newBaseManager(device);
        PromptTokens tokens = null;
        boolean done = false;
        try {
            tokens = PromptTokens.load(dir);
            T model = build.build(m, tokens);
            done = true;
            return model;
        } finally {
            if (!done) {
                m.close();
                if (tokens != null) {
                    tokens.close();
                }
            }
        }
    }
}
