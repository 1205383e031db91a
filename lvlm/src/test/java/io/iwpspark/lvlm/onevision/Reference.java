package io.iwpspark.lvlm.onevision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iwpspark.lvlm.checkpoint.SafetensorsFile;
import io.iwpspark.lvlm.checkpoint.TensorEntry;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/** One tiny-onevision fixture (tools/make_family_fixtures.py on h-fixtures): folder, reference.json, tensors, media. */
record Reference(Path dir, JsonNode json, Map<String, TensorEntry> header, byte[] tensors) {
    static Path dirOf(String fixture) {
        return Path.of("src/test/resources/fixtures", fixture);
    }

    static Reference of(String fixture) throws IOException {
        Path dir = dirOf(fixture);
        Path st = dir.resolve("reference/reference.safetensors");
        return new Reference(dir, new ObjectMapper().readTree(dir.resolve("reference/reference.json").toFile()),
                SafetensorsFile.readHeader(st), Files.readAllBytes(st));
    }

    /** A float32 tensor, flattened. */
    float[] tensor(String key) {
        TensorEntry e = header.get(key);
        if (e == null) {
            throw new IllegalArgumentException(dir + " has no reference tensor " + key + "; has " + header.keySet());
        }
        float[] out = new float[(int) (e.length() / 4)];
        ByteBuffer.wrap(tensors, (int) e.offset(), (int) e.length()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    JsonNode prompt(String id) {
        for (JsonNode p : json.get("prompts")) {
            if (p.get("id").asText().equals(id)) {
                return p;
            }
        }
        throw new IllegalArgumentException(dir + " has no prompt " + id);
    }

    /** The PNG frames of a prompt's media: one image, or {@code <video>_frame<i>.png} for i = 0..F-1. */
    List<BufferedImage> media(JsonNode prompt) throws IOException {
        String name = prompt.get("media").asText();
        List<BufferedImage> out = new ArrayList<>();
        if (prompt.get("kind").asText().equals("image")) {
            out.add(ImageIO.read(dir.resolve("reference/" + name).toFile()));
            return out;
        }
        for (int i = 0; Files.exists(dir.resolve("reference/" + name + "_frame" + i + ".png")); i++) {
            out.add(ImageIO.read(dir.resolve("reference/" + name + "_frame" + i + ".png").toFile()));
        }
        return out;
    }

    static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        }
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }

    static float[] flatten(float[][] rows) {
        int n = Arrays.stream(rows).mapToInt(r -> r.length).sum();
        float[] out = new float[n];
        int o = 0;
        for (float[] r : rows) {
            System.arraycopy(r, 0, out, o, r.length);
            o += r.length;
        }
        return out;
    }
}
