package io.iwpspark.lvlm.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import io.iwpspark.lvlm.ModelFamilies;
import io.iwpspark.lvlm.checkpoint.ExpectedWeights.Expected;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The expected weights of four published 7B configs (one per family) against the state dict transformers
 * 5.24 builds from the same config.json (weight-shapes/official.tsv, written by
 * tools/official_weight_shapes.py on the meta device): every expected tensor is there with its shape, and
 * every official tensor not expected is one the loaders never read.
 */
class ExpectedWeightsOfficialTest {
    static final Path RES = Path.of("src/test/resources");
    static final Map<String, Path> CONFIGS = Map.of(
            "llava-1.5-7b", RES.resolve("configs/llava-1.5-7b"),
            "llava-v1.6-vicuna-7b-config", RES.resolve("llava-v1.6-vicuna-7b-config"),
            "llava-next-video-7b-shapes", RES.resolve("llava-next-video-7b-shapes"),
            "llava-onevision-qwen2-7b-ov", RES.resolve("onevision/llava-onevision-qwen2-7b-ov"));
    private static final Pattern RUN = Pattern.compile("layers\\.\\{(\\d+)\\.\\.(\\d+)}\\.");

    /** folder -> canonical name -> shape, the folded layer runs expanded. */
    static Map<String, Map<String, Shape>> official() throws IOException {
        Map<String, Map<String, Shape>> out = new TreeMap<>();
        for (String line : Files.readAllLines(RES.resolve("weight-shapes/official.tsv"))) {
            if (line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            long[] dims = Arrays.stream(f[2].split(",")).mapToLong(Long::parseLong).toArray();
            Map<String, Shape> model = out.computeIfAbsent(f[0], k -> new LinkedHashMap<>());
            Matcher m = RUN.matcher(f[1]);
            if (!m.find()) {
                WeightNames.canonical(f[1]).ifPresent(c -> model.put(c, new Shape(dims)));
                continue;
            }
            for (int i = Integer.parseInt(m.group(1)); i <= Integer.parseInt(m.group(2)); i++) {
                String name = f[1].substring(0, m.start()) + "layers." + i + "." + f[1].substring(m.end());
                WeightNames.canonical(name).ifPresent(c -> model.put(c, new Shape(dims)));
            }
        }
        return out;
    }

    @Test
    void everyFamilyExpectsWhatTransformersBuildsAndNothingElse() throws IOException {
        Map<String, Map<String, Shape>> official = official();
        assertEquals(CONFIGS.keySet(), official.keySet());
        for (Map.Entry<String, Path> c : CONFIGS.entrySet()) {
            Map<String, Shape> theirs = official.get(c.getKey());
            Map<String, Expected> ours = ModelFamilies.of(c.getValue()).expectedWeights(c.getValue()).tensors();
            for (Map.Entry<String, Expected> e : ours.entrySet()) {
                assertEquals(theirs.get(e.getKey()), e.getValue().shape(), c.getKey() + ": " + e.getKey());
            }
            int unused = 0;
            for (String name : theirs.keySet()) {
                if (!ours.containsKey(name)) {
                    ExpectedWeightsTest.assertUnused(name, ours, c.getKey());
                    unused++;
                }
            }
            assertTrue(unused > 0, c.getKey() + ": post_layernorm at least is never read");
            assertTrue(ours.values().stream().allMatch(Expected::required), c.getKey() + ": no tied head in these four");
        }
    }

    /** The shapes that tell the families' decoders apart: GQA and q/k/v biases (Qwen2), vocabulary, tower layers run. */
    @Test
    void theSharedPartsFollowEachConfig() throws IOException {
        Path ov = CONFIGS.get("llava-onevision-qwen2-7b-ov");
        Map<String, Expected> qwen = ModelFamilies.of(ov).expectedWeights(ov).tensors();
        String l0 = WeightNames.TEXT + "layers.0.self_attn.";
        assertEquals(new Shape(512, 3584), qwen.get(l0 + "k_proj.weight").shape()); // 4 kv heads of 128
        assertEquals(new Shape(3584), qwen.get(l0 + "q_proj.bias").shape());
        assertFalse(qwen.containsKey(l0 + "o_proj.bias"));
        assertEquals(new Shape(729, 1152), qwen.get(WeightNames.VISION + "embeddings.position_embedding.weight").shape());
        Path v15 = CONFIGS.get("llava-1.5-7b");
        Map<String, Expected> llama = ModelFamilies.of(v15).expectedWeights(v15).tensors();
        assertFalse(llama.containsKey(l0 + "q_proj.bias"));
        assertEquals(new Shape(32064, 4096), llama.get(WeightNames.LM_HEAD).shape());
        assertTrue(llama.containsKey(WeightNames.VISION + "encoder.layers.22.mlp.fc2.bias")); // feature layer -2 of 24
        assertFalse(llama.containsKey(WeightNames.VISION + "encoder.layers.23.mlp.fc2.bias"));
    }
}
