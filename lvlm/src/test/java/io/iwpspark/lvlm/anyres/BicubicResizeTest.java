package io.iwpspark.lvlm.anyres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iwpspark.lvlm.llava.BicubicResize;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The resampler LLaVA-NeXT's tiles go through, byte for byte against Pillow 13
 * (tools/bicubic_reference.py): 22 target sizes from a 17 x 19 random image, every combination of
 * widening/narrowing and heightening/shortening, on both sides of Pillow's rule for which pass goes first.
 */
class BicubicResizeTest {
    @Test
    void equalsPillowBytes() throws IOException {
        JsonNode root = new ObjectMapper().readTree(Path.of("src/test/resources/anyres/bicubic_reference.json").toFile());
        int h = root.get("in_hw").get(0).asInt();
        int w = root.get("in_hw").get(1).asInt();
        int[] in = bytes(root.get("in_rgb").asText());
        int checked = 0;
        for (JsonNode c : root.get("cases")) {
            int oh = c.get("out_hw").get(0).asInt();
            int ow = c.get("out_hw").get(1).asInt();
            int[] expected = bytes(c.get("rgb").asText());
            int[] actual = BicubicResize.resize(in, h, w, oh, ow);
            int differing = 0;
            for (int i = 0; i < expected.length; i++) {
                differing += expected[i] == actual[i] ? 0 : 1;
            }
            assertEquals(0, differing, h + "x" + w + " -> " + oh + "x" + ow + ": values differing from Pillow");
            checked++;
        }
        assertEquals(22, checked);
    }

    private static int[] bytes(String b64) {
        byte[] b = Base64.getDecoder().decode(b64);
        int[] out = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i] & 0xFF;
        }
        return out;
    }
}
