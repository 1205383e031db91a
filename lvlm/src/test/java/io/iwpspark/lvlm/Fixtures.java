package io.iwpspark.lvlm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iwpspark.lvlm.checkpoint.SafetensorsFile;
import io.iwpspark.lvlm.checkpoint.TensorEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The committed parity fixtures (tools/make_parity_fixtures.py) and their reference values. */
public final class Fixtures {
    public static final Path ROOT = Path.of("src/test/resources/fixtures");

    private Fixtures() {}

    public static Path dir(String name) {
        return ROOT.resolve(name);
    }

    public static JsonNode reference(String name) throws IOException {
        return new ObjectMapper().readTree(dir(name).resolve("reference/reference.json").toFile());
    }

    /** A float32 tensor of reference.safetensors, flattened. */
    public static float[] tensor(String name, String key) throws IOException {
        Path file = dir(name).resolve("reference/reference.safetensors");
        Map<String, TensorEntry> header = SafetensorsFile.readHeader(file);
        TensorEntry e = header.get(key);
        if (e == null) {
            throw new IllegalArgumentException("reference of " + name + " has no tensor " + key + "; has " + header.keySet());
        }
        byte[] all = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(all, (int) e.offset(), (int) e.length()).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[(int) (e.length() / 4)];
        b.asFloatBuffer().get(out);
        return out;
    }

    public static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    /** Largest absolute difference; fails loudly on a length mismatch. */
    public static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        }
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }

    public static float[] flatten(float[][] rows) {
        int n = 0;
        for (float[] r : rows) {
            n += r.length;
        }
        float[] out = new float[n];
        int o = 0;
        for (float[] r : rows) {
            System.arraycopy(r, 0, out, o, r.length);
            o += r.length;
        }
        return out;
    }
}
