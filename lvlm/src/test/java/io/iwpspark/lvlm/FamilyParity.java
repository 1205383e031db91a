package io.iwpspark.lvlm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.iwpspark.lvlm.generation.Generation;
import io.iwpspark.lvlm.generation.GenerationOptions;
import io.iwpspark.lvlm.hook.HookOptions.PositionMode;
import io.iwpspark.lvlm.runtime.PrepareOptions;
import io.iwpspark.lvlm.runtime.PreparedSample;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Checks any family's {@link Lvlm} against a family fixture (tools/make_family_fixtures.py, format in
 * tools/REFERENCE_FORMAT.md) through the family-independent interface only: prompt ids through the
 * checkpoint's chat template, the visual rows that replace the placeholder, hidden states entering every
 * decoder layer, prompt logits, greedy ids, and the pruned prefill in both position modes. Family-specific
 * values (pixel values, per-crop features) are each family's own test.
 */
public final class FamilyParity {
    public static final double TOL = 1e-4;

    private FamilyParity() {}

    /** Every check of every prompt of {@code fixture}. */
    public static void check(Lvlm model, String fixture) throws IOException {
        JsonNode ref = Fixtures.reference(fixture);
        for (JsonNode p : ref.get("prompts")) {
            checkPrompt(model, fixture, ref, p);
        }
    }

    /** The media of a prompt record: one PNG, or the frames {@code <media>_frame<i>.png} of a video. */
    public static Media media(String fixture, JsonNode prompt) throws IOException {
        Path dir = Fixtures.dir(fixture).resolve("reference");
        String name = prompt.get("media").asText();
        if (prompt.get("kind").asText().equals("image")) {
            return Media.image(ImageIO.read(dir.resolve(name).toFile()));
        }
        List<BufferedImage> frames = new ArrayList<>();
        for (int i = 0; Files.exists(dir.resolve(name + "_frame" + i + ".png")); i++) {
            frames.add(ImageIO.read(dir.resolve(name + "_frame" + i + ".png").toFile()));
        }
        return Media.video(frames);
    }

    private static void checkPrompt(Lvlm model, String fixture, JsonNode ref, JsonNode p) throws IOException {
        String id = p.get("id").asText();
        String where = fixture + " " + id;
        Media media = media(fixture, p);
        String question = p.get("question").asText();
        assertArrayEquals(Fixtures.ints(p.get("input_ids_unexpanded")), model.promptIds(question, media.kind()),
                where + ": prompt ids through the chat template (" + p.get("prompt").asText() + ")");
        try (PreparedSample s = model.prepare(media, question, PrepareOptions.defaults())) {
            assertArrayEquals(Fixtures.ints(p.get("input_ids")), s.ids(), where + ": expanded ids");
            within(where + ": visual rows", Fixtures.tensor(fixture, id + ".visual_features"),
                    s.visual().projected().toFloatArray());
            if (p.get("tensors").has("decoder_layer_inputs")) {
                float[] all = Fixtures.tensor(fixture, id + ".decoder_layer_inputs"); // (L + 1, S, D)
                int per = all.length / (s.depth() + 1);
                for (int l = 0; l <= s.depth(); l++) {
                    within(where + ": hidden states entering layer " + l, Arrays.copyOfRange(all, l * per, (l + 1) * per),
                            s.boundary(l).toFloatArray());
                }
            }
            within(where + ": prompt logits", Fixtures.tensor(fixture, id + ".logits"),
                    Fixtures.flatten(model.promptLogits(s)));
            Generation g = model.generate(s, null, 0, GenerationOptions.defaults()
                    .withMaxNewTokens(ref.get("generation").get("max_new_tokens").asInt()));
            assertArrayEquals(Fixtures.ints(p.get("generated_ids")), g.ids(), where + ": greedy ids");
            for (JsonNode pruned : ref.get("pruned")) {
                if (pruned.get("prompt").asText().equals(id)) {
                    checkPruned(model, fixture, s, pruned, where);
                }
            }
        }
    }

    /** Prefill logits of the last prompt position with fixed kept visual indices, both position modes. */
    private static void checkPruned(Lvlm model, String fixture, PreparedSample s, JsonNode pruned, String where)
            throws IOException {
        int[] kept = Fixtures.ints(pruned.get("kept_visual_indices"));
        for (PositionMode mode : PositionMode.values()) {
            String variant = mode == PositionMode.ORIGINAL ? "original_positions" : "reindexed_positions";
            JsonNode v = pruned.get("variants").get(variant);
            float[] all = Fixtures.tensor(fixture, v.get("logits").asText()); // (S', V)
            int vocab = v.get("shape").get(1).asInt();
            assertEquals(all.length / vocab, v.get("shape").get(0).asInt());
            Generation g = model.generate(s, TestPruners.fixed(0, kept), kept.length, GenerationOptions.defaults()
                    .withMaxNewTokens(1).withLogits(true).withPositions(mode));
            within(where + " pruned, " + variant, Arrays.copyOfRange(all, all.length - vocab, all.length), g.logits()[0]);
        }
    }

    private static void within(String what, float[] expected, float[] actual) {
        double d = Fixtures.maxAbsDiff(expected, actual);
        assertTrue(d < TOL, what + " differ from transformers by " + d + " (tolerance " + TOL + ")");
    }
}
