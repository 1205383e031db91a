package io.iwpspark.lvlm.checkpoint;

import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;

/**
 * One tensor of a safetensors file: where its bytes lie and how to read them.
 *
 * @param file the file holding it
 * @param name its name as written in the file
 * @param dtype the safetensors dtype string (F32, F16, BF16, ...)
 * @param shape its shape
 * @param offset absolute byte offset of its first byte in {@code file}
 * @param length its byte length
 */
public record TensorEntry(Path file, String name, String dtype, Shape shape, long offset, long length) {

    /** Bytes per element of a dtype this runtime reads, or -1 for one it does not. */
    public static int elementBytes(String dtype) {
        return switch (dtype) {
            case "F32" -> 4;
            case "F16", "BF16" -> 2;
            default -> -1;
        };
    }
}
