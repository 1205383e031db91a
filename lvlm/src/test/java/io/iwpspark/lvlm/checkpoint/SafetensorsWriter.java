package io.iwpspark.lvlm.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes small safetensors files for tests, and rewrites the header of an existing one. */
final class SafetensorsWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SafetensorsWriter() {}

    record Tensor(String dtype, long[] shape, byte[] data) {}

    static void write(Path file, Map<String, Tensor> tensors) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", e.getValue().dtype());
            var shape = t.putArray("shape");
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            t.putArray("data_offsets").add(data.size()).add(data.size() + e.getValue().data().length);
            data.writeBytes(e.getValue().data());
        }
        writeRaw(file, JSON.writeValueAsBytes(header), data.toByteArray());
    }

    static void writeRaw(Path file, byte[] header, byte[] data) throws IOException {
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(len.array());
        out.writeBytes(header);
        out.writeBytes(data);
        Files.write(file, out.toByteArray());
    }

    /** Every tensor of {@code file}, name -> (dtype, shape, bytes), in header order. */
    static Map<String, Tensor> read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        Map<String, Tensor> out = new java.util.LinkedHashMap<>();
        for (TensorEntry e : SafetensorsFile.readHeader(file).values()) {
            byte[] data = java.util.Arrays.copyOfRange(all, (int) e.offset(), (int) (e.offset() + e.length()));
            out.put(e.name(), new Tensor(e.dtype(), e.shape().getShape(), data));
        }
        return out;
    }

    /** A copy of checkpoint folder {@code from} in {@code to}: its files, without the reference/ folder. */
    static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (java.util.stream.Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, to.resolve(f.getFileName().toString()));
            }
        }
        return to;
    }

    /** Rewrites the JSON header of {@code file} with {@code edit}, keeping the data bytes. */
    static void editHeader(Path file, java.util.function.Consumer<ObjectNode> edit) throws IOException {
        byte[] all = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        ObjectNode header = (ObjectNode) JSON.readTree(new String(all, 8, (int) n, StandardCharsets.UTF_8));
        edit.accept(header);
        byte[] data = java.util.Arrays.copyOfRange(all, 8 + (int) n, all.length);
        writeRaw(file, JSON.writeValueAsBytes(header), data);
    }
}
