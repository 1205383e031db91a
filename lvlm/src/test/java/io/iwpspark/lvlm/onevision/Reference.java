package io.iwpspark.lvlm.onevision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iwpspark.lvlm.FamilyParity;
import io.iwpspark.lvlm.Fixtures;
import io.iwpspark.lvlm.checkpoint.SafetensorsFile;
import io.iwpspark.lvlm.checkpoint.TensorEntry;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** One tiny-onevision fixture (tools/make_family_fixtures.py on h-fixtures): folder, reference.json, tensors, media. */
record Reference(Path dir, JsonNode json, Map<String, TensorEntry> header, byte[] tensors) {
    static Reference of(String fixture) throws IOException {
        Path dir = Fixtures.dir(fixture);
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
        return FamilyParity.media(dir.getFileName().toString(), prompt).frames();
    }
}
