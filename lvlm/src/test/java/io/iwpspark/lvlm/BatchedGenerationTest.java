package io.iwpspark.lvlm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iwpspark.lvlm.generation.Generation;
import io.iwpspark.lvlm.generation.GenerationOptions;
import io.iwpspark.lvlm.generation.GenerationOutcome;
import io.iwpspark.lvlm.generation.GenerationRequest;
import io.iwpspark.lvlm.hook.HookOptions.PositionMode;
import io.iwpspark.lvlm.runtime.PrepareOptions;
import io.iwpspark.lvlm.runtime.PreparedSample;
import io.iwpspark.pruning.Pruner;
import io.iwpspark.pruning.PrunerRegistry;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The batched continuation against the one-by-one path (batch size 1, each configuration alone):
 * the same ids, logits within 1e-4, and the same per-configuration accounting, for unpruned,
 * text-only (no visual token left), pruners before the decoder and inside it, budgets mixed, and a
 * request that fails on its own.
 */
class BatchedGenerationTest {
    static final double TOL = 1e-4;
    static final int MAX_NEW = 6;

    @TempDir
    Path tmp;

    /** Two-layer fixtures of three families: stages inside the decoder sit at layer 1. */
    @ParameterizedTest
    @ValueSource(strings = {"tiny-llava-mha", "tiny-llava-mistral", "tiny-onevision-a"})
    void twoLayerFixturesGiveTheOneByOneResults(String fixture) throws IOException {
        try (Lvlm model = ModelFamilies.load(Fixtures.dir(fixture))) {
            BufferedImage image = ImageIO.read(Fixtures.dir(fixture).resolve("reference/image0.png").toFile());
            for (int prefix : new int[] {2, 0}) {
                try (PreparedSample s = model.prepare(Media.image(image), "What is in the picture?",
                        PrepareOptions.defaults().withPrefixLayers(prefix))) {
                    int n = s.visual().count();
                    List<GenerationRequest> requests = new ArrayList<>(common(n));
                    requests.add(request(pruner("fastv", Map.of("k", "1")), n / 2));
                    requests.add(request(TestPruners.fixed(1, 0, 2, n - 1), 3));
                    compare(fixture + " prefix " + prefix, model, s, requests, new int[] {2, 3, 16});
                }
            }
        }
    }

    /** LLaVA-NeXT's packed tokens on an 8-layer decoder: FastV at layer 2, PyramidDrop's three stages. */
    @Test
    void deepDecoderWithStagesAtSeveralLayers() throws IOException {
        LlavaNextPrunersTest.deepen(Fixtures.dir(LlavaNextPrunersTest.FIXTURE), tmp);
        try (Lvlm model = ModelFamilies.load(tmp)) {
            BufferedImage image = ImageIO.read(Fixtures.dir(LlavaNextPrunersTest.FIXTURE).resolve("reference/wide.png")
                    .toFile());
            try (PreparedSample s = model.prepare(Media.image(image), "What color is the square?",
                    PrepareOptions.defaults())) {
                int n = s.visual().count();
                List<GenerationRequest> requests = new ArrayList<>(common(n));
                requests.add(request(pruner("fastv", Map.of()), 8));
                requests.add(request(pruner("fastv", Map.of()), 32));
                requests.add(request(pruner("pdrop", Map.of()), 16));
                requests.add(request(pruner("pdrop", Map.of()), 40));
                compare("llava-next x8 layers", model, s, requests, new int[] {4, 16});
            }
        }
    }

    /**
     * The shipped tiny model's 144 image tokens: unpruned beside twelve budgets of 8 to 32, so decoding pads the
     * long unpruned cache in a group of its own (12 x (144 - 32) slots saved > DecodeGroups.GROUP_SLOTS) and the
     * others in a second group; both groups' rows must give the one-by-one results.
     */
    @Test
    void decodingInTwoPaddedGroupsGivesTheOneByOneResults() throws IOException {
        Path dir = Path.of("../models/tiny-llava-shapes");
        try (Lvlm model = ModelFamilies.load(dir)) {
            BufferedImage image = new BufferedImage(168, 168, BufferedImage.TYPE_INT_RGB);
            java.awt.Graphics2D g = image.createGraphics();
            g.setColor(java.awt.Color.RED);
            g.fillRect(40, 50, 60, 60);
            g.dispose();
            try (PreparedSample s = model.prepare(Media.image(image), "What color is the square?",
                    PrepareOptions.defaults())) {
                List<GenerationRequest> requests = new ArrayList<>();
                requests.add(new GenerationRequest(null, 0, options()));
                for (int budget : new int[] {8, 16, 24, 32}) {
                    requests.add(request(pruner("random", Map.of()), budget));
                    requests.add(request(pruner("divprune", Map.of()), budget));
                    requests.add(request(pruner("uniform", Map.of()), budget));
                }
                List<GenerationOutcome> alone = model.generateAll(s, requests, 1);
                List<GenerationOutcome> batched = model.generateAll(s, requests, requests.size());
                for (int i = 0; i < requests.size(); i++) {
                    assertNull(alone.get(i).error(), "request " + i);
                    assertNull(batched.get(i).error(), "request " + i);
                    same("tiny shapes model, request " + i, alone.get(i).generation(), batched.get(i).generation());
                }
            }
        }
    }

    /** Unpruned, text-only, two budgets before the decoder, one budget beyond the visual tokens (an error). */
    static List<GenerationRequest> common(int n) {
        GenerationOptions textOnly = options().withPositions(PositionMode.REINDEX).withDualWeightError(false);
        return List.of(
                new GenerationRequest(null, 0, options()),
                new GenerationRequest(TestPruners.fixed(0), 0, textOnly),
                request(pruner("random", Map.of()), Math.max(1, n / 4)),
                request(pruner("divprune", Map.of()), Math.max(1, n / 2)),
                request(pruner("random", Map.of()), n + 1));
    }

    private static void compare(String where, Lvlm model, PreparedSample s, List<GenerationRequest> requests,
            int[] batchSizes) {
        List<GenerationOutcome> alone = model.generateAll(s, requests, 1);
        assertNotNull(alone.get(4).error(), where + ": a budget beyond the tokens must fail");
        for (int b : batchSizes) {
            List<GenerationOutcome> batched = model.generateAll(s, requests, b);
            assertEquals(requests.size(), batched.size());
            for (int i = 0; i < requests.size(); i++) {
                String what = where + ", batch " + b + ", request " + i + " ("
                        + (requests.get(i).pruner() == null ? "none" : requests.get(i).pruner().name()) + " "
                        + requests.get(i).budget() + ")";
                GenerationOutcome a = alone.get(i);
                GenerationOutcome c = batched.get(i);
                if (a.error() != null) {
                    assertNotNull(c.error(), what + ": failed alone, not in the batch");
                    assertEquals(a.error().getMessage(), c.error().getMessage(), what);
                    continue;
                }
                assertNull(c.error(), () -> what + ": " + c.error());
                same(what, a.generation(), c.generation());
            }
        }
    }

    static void same(String what, Generation a, Generation b) {
        assertArrayEquals(a.ids(), b.ids(), what + ": ids");
        assertEquals(a.text(), b.text(), what);
        assertArrayEquals(a.tokensPerLayer(), b.tokensPerLayer(), what + ": tokens per layer");
        assertArrayEquals(a.visualTokensPerLayer(), b.visualTokensPerLayer(), what + ": visual tokens per layer");
        assertEquals(a.prefillFlops(), b.prefillFlops(), what);
        assertEquals(a.prefillMacsFastV(), b.prefillMacsFastV(), what);
        assertEquals(a.decodeFlops(), b.decodeFlops(), what + ": decode FLOPs");
        assertEquals(a.decodeMacsFastV(), b.decodeMacsFastV(), what + ": decode MACs");
        assertEquals(a.kvCacheBytes(), b.kvCacheBytes(), what + ": KV bytes");
        assertEquals(a.sharedPrefixMs(), b.sharedPrefixMs(), what + ": shared prefix");
        assertEquals(a.stages().size(), b.stages().size(), what);
        for (int k = 0; k < a.stages().size(); k++) {
            assertArrayEquals(a.stages().get(k).kept(), b.stages().get(k).kept(), what + ": stage " + k);
        }
        assertEquals(a.logits().length, b.logits().length, what);
        for (int t = 0; t < a.logits().length; t++) {
            double d = Fixtures.maxAbsDiff(a.logits()[t], b.logits()[t]);
            assertTrue(d <= TOL, what + ": logits of token " + t + " differ by " + d);
        }
        assertTrue(b.prefillMs() > 0 && b.decodeMs() >= 0, what + ": timings");
    }

    static GenerationOptions options() {
        return GenerationOptions.defaults().withMaxNewTokens(MAX_NEW).withLogits(true);
    }

    static GenerationRequest request(Pruner p, int budget) {
        return new GenerationRequest(p, budget, options());
    }

    static Pruner pruner(String name, Map<String, String> params) {
        return PrunerRegistry.load().create(name, params);
    }
}
