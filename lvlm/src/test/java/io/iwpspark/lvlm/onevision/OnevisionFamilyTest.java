package io.iwpspark.lvlm.onevision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.iwpspark.lvlm.Fixtures;
import io.iwpspark.lvlm.ModelCard;
import io.iwpspark.lvlm.ModelFamilies;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.lvlm.runtime.VisualTokens;
import io.iwpspark.pruning.Need;
import io.iwpspark.pruning.PrunerRegistry;
import io.iwpspark.pruning.flops.DecoderShape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The family through the registry, its config binding, its SigLIP hidden states and its compute model. */
class OnevisionFamilyTest {
    static final Path REAL_7B = Path.of("src/test/resources/onevision/llava-onevision-qwen2-7b-ov");

    @Test
    void registryFindsTheFamilyAndItsCardLacksOnlyClsAttention() throws CheckpointException {
        ModelCard card = ModelFamilies.describe(Fixtures.dir("tiny-onevision-a"));
        assertEquals("llava_onevision", card.family());
        assertEquals(2, card.decoderLayers());
        assertEquals(16, card.visualTokensPerImage());
        assertEquals(Set.of(Need.CLS_ATTENTION), card.missing(Set.of(Need.values())));
        // VisionZip (pruning-core baselines) is the pruner that asks for it.
        assertFalse(card.missing(PrunerRegistry.load().create("visionzip", Map.of()).needs())
                .isEmpty());
    }

    @Test
    void publishedConfigBindsWithItsDefaults() throws CheckpointException {
        OnevisionConfig c = OnevisionConfigReader.read(REAL_7B);
        assertEquals(1152, c.vision().hidden());
        assertEquals(27, c.grid());
        assertEquals(14, c.pooledGrid());
        assertArrayEquals(new int[] {26}, c.resolvedFeatureLayers());
        assertEquals(9, c.maxCrops());
        assertEquals(36, c.pinpoints().size());
        assertEquals(1e-6, c.vision().layerNormEps());
        assertEquals(28, c.text().layers());
        assertEquals(512, c.text().kvHeads() * c.text().headDim());
        assertTrue(c.text().qkvBias(), "Qwen2 carries q/k/v biases");
        assertFalse(c.text().tieWordEmbeddings());
        assertArrayEquals(new int[] {151645}, c.eosTokenIds());
        OnevisionConfig b = OnevisionConfigReader.read(Fixtures.dir("tiny-onevision-b"));
        assertTrue(b.text().tieWordEmbeddings(), "onevision-b ties its embeddings");
        assertArrayEquals(new int[] {1}, b.resolvedFeatureLayers());
    }

    @Test
    void siglipHiddenStatesMatchTransformers() throws IOException, CheckpointException {
        for (String fixture : new String[] {"tiny-onevision-a", "tiny-onevision-b"}) {
            Reference ref = Reference.of(fixture);
            try (OnevisionModel model = OnevisionModel.load(ref.dir()); NDManager m = NDManager.newBaseManager()) {
                var p = ref.prompt("v0");
                int frames = p.get("tensors").get("pixel_values_videos").get(1).asInt();
                int side = model.config().vision().imageSize();
                NDArray pixels = m.create(ref.tensor("v0.pixel_values_videos"), new Shape(frames, 3, side, side));
                NDArray[] hidden = model.encoder().tower().hiddenStates(pixels);
                float[] want = ref.tensor("v0.vision_hidden_states"); // (vision layers + 1, g*g, Dv), frame 0
                int per = want.length / (model.config().vision().layers() + 1);
                assertEquals(model.config().resolvedFeatureLayers()[0] + 1, hidden.length, fixture + ": layers run");
                for (int l = 0; l < hidden.length; l++) {
                    float[] got = Arrays.copyOf(hidden[l].get(0).toFloatArray(), per);
                    double d = Fixtures.maxAbsDiff(Arrays.copyOfRange(want, l * per, (l + 1) * per), got);
                    assertTrue(d < 1e-5, fixture + ": SigLIP hidden state " + l + " differs by " + d);
                }
            }
        }
    }

    /**
     * LLaVA-OneVision-7B (llava-onevision-qwen2-7b-ov) on 32 frames, by hand: SigLIP so400m at 384 px /
     * patch 14 (729 patches, no CLS), 26 layers of width 1152 and MLP 4304; the projector 1152 -> 3584 ->
     * 3584 on all 32 x 729 patches before pooling; Qwen2-7B (28 layers, d 3584, kv width 4 x 128, SwiGLU
     * 18944) on 32 x 196 + 1 = 6273 visual tokens plus 20 text tokens.
     */
    @Test
    void flopsOfThe7bOnThirtyTwoFramesByHand() throws CheckpointException {
        OnevisionConfig c = OnevisionConfigReader.read(REAL_7B);
        assertEquals(new DecoderShape(28, 3584, 18944, 28, 4), c.text().shape());
        OnevisionCost cost = new OnevisionCost(c);
        int visual = 32 * c.pooledGrid() * c.pooledGrid() + 1;
        assertEquals(6273, visual);
        double t = 729;
        double perLayer = 2 * (4 * t * 1152 * 1152 + 2 * t * t * 1152 + 2 * t * 1152 * 4304);
        double embed = 2 * 729 * 588 * 1152.0;
        double tower = 32 * (embed + 26 * perLayer);
        double projector = 2 * (32 * 729.0) * (1152.0 * 3584 + 3584.0 * 3584);
        try (NDManager m = NDManager.newBaseManager()) {
            VisualTokens v = new VisualTokens(m.zeros(new Shape(visual, 1)), m.zeros(new Shape(visual, 1)), null, null, 32,
                    0, 0, 32);
            assertEquals(tower + projector, cost.visionFlops(v), 1e-6 * (tower + projector));
            assertEquals(2.133e13, tower + projector, 0.001e13); // 2.054e13 tower + 0.079e13 projector
        }
        double n = 6273 + 20;
        double layer = 2 * (n * 3584 * (2 * 3584 + 2 * 512) + 2 * n * n * 3584 + 3 * n * 3584 * 18944);
        int[] tokens = new int[28];
        Arrays.fill(tokens, 6293);
        assertEquals(28 * layer, cost.prefillFlops(tokens), 1e-9 * 28 * layer);
        assertEquals(9.802e13, 28 * layer, 0.001e13);
    }
}
