package io.iwpspark.lvlm.checkpoint;

import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The header of one safetensors file: an 8-byte little-endian header length, a JSON object
 * {name: {dtype, shape, data_offsets: [begin, end]}} (offsets relative to the end of the header),
 * then the data. Every length and offset is bounded by the file size before it is trusted.
 */
public final class SafetensorsFile {
    /** A header larger than this is not a header (the format's own reference reader uses 100 MB). */
    static final long MAX_HEADER = 100L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SafetensorsFile() {}

    /** The tensors of {@code file}, in header order. */
    public static Map<String, TensorEntry> readHeader(Path file) throws CheckpointException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new CheckpointException(file + ": a safetensors file needs at least 8 bytes, found " + size);
            }
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, len, 0, file);
            long headerLength = len.getLong(0);
            if (headerLength <= 0 || headerLength > MAX_HEADER || headerLength > size - 8) {
                throw new CheckpointException(file + ": header length must be in [1, min(" + MAX_HEADER + ", "
                        + (size - 8) + ")], found " + headerLength);
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            readFully(ch, header, 8, file);
            JsonNode root = JSON.readTree(header.array());
            return entries(file, root, 8 + headerLength, size);
        } catch (CheckpointException e) {
            throw e;
        } catch (IOException e) {
            throw new CheckpointException("cannot read safetensors header of " + file + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, TensorEntry> entries(Path file, JsonNode root, long dataStart, long size)
            throws CheckpointException {
        if (!root.isObject()) {
            throw new CheckpointException(file + ": the safetensors header must be a JSON object");
        }
        Map<String, TensorEntry> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            JsonNode t = e.getValue();
            JsonNode shapeNode = t.path("shape");
            JsonNode offsets = t.path("data_offsets");
            if (!t.path("dtype").isTextual() || !shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
                throw new CheckpointException(file + ": tensor " + e.getKey()
                        + " needs dtype, shape and data_offsets [begin, end], found " + t);
            }
            long[] dims = new long[shapeNode.size()];
            long count = 1;
            for (int i = 0; i < dims.length; i++) {
                dims[i] = shapeNode.get(i).asLong(-1);
                if (dims[i] < 0) {
                    throw new CheckpointException(file + ": tensor " + e.getKey() + " has a negative dimension " + shapeNode);
                }
                count = elements(count, dims[i], file, e.getKey(), shapeNode);
            }
            long begin = offsets.get(0).asLong(-1);
            long end = offsets.get(1).asLong(-1);
            if (begin < 0 || end < begin || dataStart + end > size) {
                throw new CheckpointException(file + ": tensor " + e.getKey() + " has data_offsets [" + begin + ", "
                        + end + "] outside the " + (size - dataStart) + " data bytes");
            }
            String dtype = t.get("dtype").asText();
            int bytes = TensorEntry.elementBytes(dtype);
            if (bytes > 0 && end - begin != elements(count, bytes, file, e.getKey(), shapeNode)) {
                throw new CheckpointException(file + ": tensor " + e.getKey() + " of dtype " + dtype + " and shape "
                        + shapeNode + " needs " + count * bytes + " bytes, its offsets span " + (end - begin));
            }
            out.put(e.getKey(), new TensorEntry(file, e.getKey(), dtype, new Shape(dims), dataStart + begin, end - begin));
        }
        return out;
    }

    /** count x factor, or an error naming the tensor whose size does not fit in a long. */
    private static long elements(long count, long factor, Path file, String tensor, JsonNode shape)
            throws CheckpointException {
        try {
            return Math.multiplyExact(count, factor);
        } catch (ArithmeticException overflow) {
            throw new CheckpointException(file + ": tensor " + tensor + " has shape " + shape
                    + " whose size does not fit in 64 bits", overflow);
        }
    }

    static void readFully(FileChannel ch, ByteBuffer dst, long position, Path file) throws IOException {
        long pos = position;
        while (dst.hasRemaining()) {
            int n = ch.read(dst, pos);
            if (n < 0) {
                throw new CheckpointException(file + ": unexpected end of file at byte " + pos);
            }
            pos += n;
        }
        dst.flip();
    }
}
