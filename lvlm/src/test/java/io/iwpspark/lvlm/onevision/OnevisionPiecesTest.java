package io.iwpspark.lvlm.onevision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iwpspark.lvlm.anyres.Size;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bilinear pooling weights and the anyres_max rule by hand, and token counts against transformers' processor. */
class OnevisionPiecesTest {
    @Test
    void bilinearWeightsByHand() {
        // 4 -> 2: scale 2, sources 0.5 and 2.5: the 2 x 2 mean of apply_pooling on an even grid.
        assertArrayEquals(new float[] {0.5f, 0.5f, 0, 0, 0, 0, 0.5f, 0.5f}, Bilinear.weights(4, 2));
        // 5 -> 3: scale 5/3, sources 1/3, 2, 11/3 (onevision-b's 5 x 5 frames).
        float third = 1f / 3;
        float[] w = Bilinear.weights(5, 3);
        float[] want = {1 - third, third, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, third, 1 - third};
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], w[i], 1e-6, "weights(5, 3)[" + i + "]");
        }
        // 3 -> 2: scale 1.5, sources 0.25 and 1.75.
        assertArrayEquals(new float[] {0.75f, 0.25f, 0, 0, 0.25f, 0.75f}, Bilinear.weights(3, 2));
        // 1 -> 1 and a source clamped at 0 (3 -> 5: scale 0.6, source 0.6 * 0.5 - 0.5 < 0).
        assertArrayEquals(new float[] {1f}, Bilinear.weights(1, 1));
        assertEquals(1f, Bilinear.weights(3, 5)[0]);
    }

    @Test
    void poolingAnEvenGridIsTheTwoByTwoMean() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] grid = new float[16];
            for (int i = 0; i < 16; i++) {
                grid[i] = i; // value = 4 * row + col, one channel
            }
            float[] got = Bilinear.resize(m.create(grid, new Shape(1, 4, 4, 1)), 2, 2).toFloatArray();
            // means of {0,1,4,5}, {2,3,6,7}, {8,9,12,13}, {10,11,14,15}
            assertArrayEquals(new float[] {2.5f, 4.5f, 10.5f, 12.5f}, got, 1e-6f);
        }
    }

    @Test
    void anyresMaxShrinkByHand() {
        // onevision-b's p0: a 20 x 20 map of g = 5 cells, N = 9: ratio sqrt(400 / 225) = 4/3 > 1.1 -> 15 x 15.
        assertEquals(new Size(15, 15), AnyresMax.shrink(new Size(20, 20), 9, 5));
        // ratio exactly 1.1 or below keeps the map: 12 x 12 with g = 4, N = 9 has ratio 1.
        assertEquals(new Size(12, 12), AnyresMax.shrink(new Size(12, 12), 9, 4));
    }

    @Test
    void tokenCountsAndFloorDivisionMatchTransformers() throws IOException {
        JsonNode ref = new ObjectMapper().readTree(Path.of("src/test/resources/onevision/token_counts.json").toFile());
        for (JsonNode f : ref.get("floordiv")) {
            double a = f.get("a").asDouble();
            double b = f.get("b").asDouble();
            assertEquals(f.get("floordiv").asDouble(), AnyresMax.floorDiv(a, b), a + " // " + b);
        }
        List<Size> pins = new ArrayList<>();
        for (int h = 384; h <= 2304; h += 384) {
            for (int w = 384; w <= 2304; w += 384) {
                pins.add(new Size(h, w));
            }
        }
        for (JsonNode t : ref.get("image_tokens")) {
            Size image = new Size(t.get("image_hw").get(0).asInt(), t.get("image_hw").get(1).asInt());
            assertEquals(t.get("tokens").asInt(), AnyresImage.tokens(image, pins, 384, 14, 9), "tokens of " + image);
        }
    }

    @Test
    void aspectRatioMustBeAnyresMax() {
        assertEquals(9, OnevisionConfigReader.maxCrops("anyres_max_9"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnevisionConfigReader.maxCrops("anyres"));
        assertTrue(e.getMessage().contains("vision_aspect_ratio must be anyres_max_N, found \"anyres\""), e.getMessage());
    }
}
