package io.iwpspark.jobs.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** A copy of a committed checkpoint whose model.safetensors header is edited (data bytes kept), for driver-check tests. */
public final class CorruptCheckpoint {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CorruptCheckpoint() {}

    /** Copies {@code model}'s files (not its subfolders) into {@code to} and edits the header of model.safetensors there. */
    public static Path copy(Path model, Path to, Consumer<ObjectNode> edit) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(model)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, to.resolve(f.getFileName().toString()));
            }
        }
        Path file = to.resolve("model.safetensors");
        byte[] all = Files.readAllBytes(file);
        int n = (int) ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        ObjectNode header = (ObjectNode) JSON.readTree(new String(all, 8, n, StandardCharsets.UTF_8));
        edit.accept(header);
        byte[] h = JSON.writeValueAsBytes(header);
        ByteBuffer out = ByteBuffer.allocate(8 + h.length + all.length - 8 - n).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(h.length).put(h).put(Arrays.copyOfRange(all, 8 + n, all.length));
        Files.write(file, out.array());
        return to;
    }

    /** Gives tensor {@code name} the shape {@code dims} (the same element count keeps its offsets valid). */
    public static void reshape(ObjectNode header, String name, long... dims) {
        var shape = ((ObjectNode) header.get(name)).putArray("shape");
        for (long d : dims) {
            shape.add(d);
        }
    }
}
