package io.iwpspark.lvlm.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

/**
 * Reads one safetensors tensor into an NDArray of the runtime's dtype. F32 and F16 go to DJL as
 * they are; BF16 is widened to F32 here, in Java, because DJL aborts the JVM on a BFLOAT16 tensor.
 */
final class TensorReader {
    /** The most bytes one tensor may have: it is read into one direct buffer. */
    static final long MAX_BYTES = Integer.MAX_VALUE;

    private TensorReader() {}

    static NDArray read(NDManager manager, TensorEntry e, DataType target) throws CheckpointException {
        if (TensorEntry.elementBytes(e.dtype()) < 0) {
            throw new CheckpointException(e.file() + ": tensor " + e.name() + " has dtype " + e.dtype()
                    + "; expected F32, F16 or BF16");
        }
        if (e.length() > MAX_BYTES) {
            throw new CheckpointException(e.file() + ": tensor " + e.name() + " has " + e.length()
                    + " bytes, more than one buffer holds (" + MAX_BYTES + ")");
        }
        ByteBuffer raw = ByteBuffer.allocateDirect((int) e.length()).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(e.file(), StandardOpenOption.READ)) {
            SafetensorsFile.readFully(ch, raw, e.offset(), e.file());
        } catch (CheckpointException ex) {
            throw ex;
        } catch (IOException ex) {
            throw new CheckpointException("cannot read tensor " + e.name() + " of " + e.file() + ": " + ex.getMessage(), ex);
        }
        NDArray loaded = switch (e.dtype()) {
            case "F32" -> manager.create(raw, e.shape(), DataType.FLOAT32);
            case "F16" -> manager.create(raw, e.shape(), DataType.FLOAT16);
            default -> manager.create(widenBf16(raw), e.shape(), DataType.FLOAT32);
        };
        if (loaded.getDataType() == target) {
            return loaded;
        }
        NDArray converted = loaded.toType(target, false);
        loaded.close();
        return converted;
    }

    /** bf16 is the upper half of an f32: shift each 16-bit pattern into the high bits. */
    static ByteBuffer widenBf16(ByteBuffer raw) {
        int n = raw.remaining() / 2;
        ByteBuffer out = ByteBuffer.allocateDirect(n * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            out.putInt((raw.getShort(2 * i) & 0xFFFF) << 16);
        }
        out.flip();
        return out;
    }
}
