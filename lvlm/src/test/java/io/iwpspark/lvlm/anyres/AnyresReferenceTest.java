package io.iwpspark.lvlm.anyres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iwpspark.lvlm.Fixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every anyres rule against the values transformers 5.24's own functions give
 * (tools/anyres_reference.py -> anyres/anyres_reference.json): LLaVA-NeXT-7B and OneVision geometries
 * on 25 image sizes, and the exact packing order of pack_image_features on a 4-token-side geometry.
 */
class AnyresReferenceTest {
    private static final Path FILE = Path.of("src/test/resources/anyres/anyres_reference.json");

    @Test
    void everyRuleMatchesTransformers() throws IOException {
        JsonNode root = new ObjectMapper().readTree(FILE.toFile());
        int cases = 0;
        int orders = 0;
        for (JsonNode geom : root.path("geometries")) {
            List<Size> pins = sizes(geom.path("pinpoints"));
            int side = geom.path("crop").asInt();
            int g = side / geom.path("patch").asInt();
            for (JsonNode c : geom.path("cases")) {
                Size image = size(c.path("size_hw"));
                String at = geom.path("name").asText() + " " + image;
                CropGrid grid = CropGrid.plan(image, pins, side);
                assertEquals(size(c.path("best_hw")), grid.best(), at + ": select_best_resolution");
                assertEquals(size(c.path("resized_hw")), grid.resized(), at + ": get_patch_output_size");
                assertEquals(c.path("pad_top_bottom").get(0).asInt(), grid.padTop(), at + ": pad top");
                assertEquals(c.path("pad_left_right").get(0).asInt(), grid.padLeft(), at + ": pad left");
                assertEquals(c.path("num_patches_with_base").asInt(), grid.crops() + 1, at + ": image_size_to_num_patches");
                assertEquals(c.path("grid_rows_cols").get(0).asInt(), grid.rows(), at + ": grid rows");
                assertEquals(c.path("grid_rows_cols").get(1).asInt(), grid.cols(), at + ": grid cols");
                Unpad.Window w = Unpad.window(image, grid.rows() * g, grid.cols() * g);
                assertEquals(size(c.path("unpadded_hw")), new Size(w.height(), w.width()), at + ": unpad_image");
                int[] order = Packing.order(g, grid.rows(), grid.cols(), w, true);
                assertEquals(c.path("processor_tokens").asInt(), order.length, at + ": processor placeholder count");
                if (c.has("packing_order")) {
                    assertArrayEquals(Fixtures.ints(c.path("packing_order")), order, at + ": pack_image_features order");
                    orders++;
                }
                cases++;
            }
        }
        assertEquals(37, cases, "cases in " + FILE);
        assertEquals(12, orders, "packing orders in " + FILE);
    }

    static List<Size> sizes(JsonNode n) {
        List<Size> out = new ArrayList<>();
        for (JsonNode p : n) {
            out.add(size(p));
        }
        return out;
    }

    static Size size(JsonNode hw) {
        return new Size(hw.get(0).asInt(), hw.get(1).asInt());
    }
}
