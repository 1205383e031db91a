package io.iwpspark.lvlm.checkpoint;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iwpspark.lvlm.ModelFamilies;
import io.iwpspark.lvlm.checkpoint.ExpectedWeights.Expected;
import io.iwpspark.lvlm.checkpoint.SafetensorsWriter.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every family's expected weights against every committed checkpoint (all pass, and the loader needs no
 * tensor beyond them), and corrupted copies refused from the headers, every mismatch named in one line.
 */
class ExpectedWeightsTest {
    static final Path MHA = Path.of("src/test/resources/fixtures/tiny-llava-mha"); // canonical names
    /** Tensors a checkpoint may hold that no loader reads: tower layers past the deepest feature layer, post_layernorm, SigLIP's head. */
    static final Pattern UNUSED = Pattern.compile(
            "model\\.vision_tower\\.vision_model\\.(post_layernorm\\..*|head\\..*|encoder\\.layers\\.(\\d+)\\..*)");

    @TempDir
    Path tmp;

    /** Every committed checkpoint with weights: the family fixtures and the shipped tiny model. */
    static List<Path> committed() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("src/test/resources/fixtures"))) {
            s.filter(Files::isDirectory).sorted().forEach(out::add);
        }
        out.add(Path.of("../models/tiny-llava-shapes"));
        return out;
    }

    /** Fails unless {@code name} is a tensor no loader reads, given the expected tower layers. */
    static void assertUnused(String name, Map<String, Expected> expected, String where) {
        Matcher m = UNUSED.matcher(name);
        assertTrue(m.matches(), where + ": " + name + " is in the checkpoint but not expected, and is no unused tower part");
        if (m.group(2) != null) {
            assertFalse(expected.keySet().stream().anyMatch(k -> k.startsWith(
                    WeightNames.VISION + "encoder.layers." + m.group(2) + ".")), where + ": " + name + " of an expected layer");
        }
    }

    @Test
    void everyCommittedCheckpointMatchesItsConfigAndItsExtrasAreUnused() throws IOException {
        Set<String> families = new TreeSet<>();
        for (Path dir : committed()) {
            assertDoesNotThrow(() -> ModelFamilies.checkWeights(dir), dir.toString());
            Map<String, Expected> expected = ModelFamilies.of(dir).expectedWeights(dir).tensors();
            Checkpoint c = Checkpoint.open(dir);
            for (String name : c.names()) {
                if (!expected.containsKey(name)) {
                    assertUnused(name, expected, dir.toString());
                }
            }
            families.add(ModelFamilies.of(dir).modelType());
        }
        assertEquals(ModelFamilies.all().keySet(), families, "every registered family has a committed checkpoint");
    }

    @Test
    void eachCheckpointCutToItsExpectedTensorsStillLoads() throws IOException {
        for (Path dir : committed()) {
            Path cut = SafetensorsWriter.copy(dir, tmp.resolve(dir.getFileName()));
            Map<String, Tensor> kept = new LinkedHashMap<>();
            Set<String> expected = ModelFamilies.of(dir).expectedWeights(dir).tensors().keySet();
            for (Path file : Checkpoint.weightFiles(dir)) {
                SafetensorsWriter.read(file).forEach((name, t) -> {
                    if (expected.contains(WeightNames.canonical(name).orElse(""))) {
                        kept.put(name, t);
                    }
                });
                Files.deleteIfExists(cut.resolve(file.getFileName()));
            }
            Files.deleteIfExists(cut.resolve(Checkpoint.INDEX));
            SafetensorsWriter.write(cut.resolve(Checkpoint.SINGLE), kept);
            assertDoesNotThrow(() -> ModelFamilies.load(cut).close(), dir + " cut to its expected tensors");
        }
    }

    /** The mha fixture with its tensors edited: wrong widths, a dropped tensor, an unreadable dtype, extras. */
    @Test
    void aCorruptedCheckpointIsRefusedFromItsHeadersNamingEveryMismatch() throws IOException {
        Path dir = SafetensorsWriter.copy(MHA, tmp.resolve("bad"));
        Path file = dir.resolve("model.safetensors");
        Map<String, Tensor> t = SafetensorsWriter.read(file);
        String q = "model.language_model.layers.1.self_attn.q_proj.weight"; // (64, 64): 4 heads of 16
        String patch = "model.vision_tower.vision_model.embeddings.patch_embedding.weight"; // (32, 3, 14, 14)
        String head = "lm_head.weight"; // (152, 64)
        String norm = "model.language_model.norm.weight";
        String pre = "model.vision_tower.vision_model.pre_layrnorm.weight";
        t.put(q, new Tensor("F32", new long[] {72, 64}, new byte[72 * 64 * 4]));
        t.put(patch, new Tensor("F32", new long[] {32, 3, 16, 16}, new byte[32 * 3 * 16 * 16 * 4]));
        t.put(head, new Tensor("F32", new long[] {153, 64}, new byte[153 * 64 * 4]));
        t.put(pre, new Tensor("F64", new long[] {32}, new byte[32 * 8]));
        t.remove(norm);
        t.put("model.language_model.layers.7.mlp.extra.weight", new Tensor("F32", new long[] {1}, new byte[4]));
        t.put("optimizer.step", new Tensor("I64", new long[] {1}, new byte[8]));
        SafetensorsWriter.write(file, t);

        String m = assertThrows(CheckpointException.class, () -> ModelFamilies.checkWeights(dir)).getMessage();
        assertFalse(m.contains("\n"), m);
        assertTrue(m.startsWith(dir + ": the weights do not match config.json (5 problems): "), m);
        assertTrue(m.contains("model.safetensors: " + patch + " has shape (32, 3, 16, 16), expected (32, 3, 14, 14)"), m);
        assertTrue(m.contains("model.safetensors: " + pre + " has dtype F64, expected F32, F16 or BF16"), m);
        assertTrue(m.contains("model.safetensors: " + q + " has shape (72, 64), expected (64, 64)"), m);
        assertTrue(m.contains("missing tensor " + norm + " (64)"), m);
        assertTrue(m.contains("model.safetensors: " + head + " has shape (153, 64), expected (152, 64)"), m);
        assertFalse(m.contains("extra") || m.contains("optimizer"), "unused tensors are allowed: " + m);
        // The loader refuses the same checkpoint (at its first mismatch), so the driver refuses nothing loadable.
        assertThrows(CheckpointException.class, () -> ModelFamilies.load(dir).close());
    }

    @Test
    void manyMismatchesAreCountedInOneLine() throws IOException {
        Path dir = SafetensorsWriter.copy(MHA, tmp.resolve("layer0"));
        Path file = dir.resolve("model.safetensors");
        Map<String, Tensor> t = SafetensorsWriter.read(file);
        t.keySet().removeIf(n -> n.startsWith("model.language_model.layers.0."));
        SafetensorsWriter.write(file, t);
        String m = assertThrows(CheckpointException.class, () -> ModelFamilies.checkWeights(dir)).getMessage();
        // 2 norms + 7 projections of one LLaMA layer (no biases)
        assertTrue(m.contains("(9 problems): missing tensor model.language_model.layers.0.input_layernorm.weight (64); "), m);
        assertTrue(m.endsWith("; and 1 more"), m);
    }

    @Test
    void aTiedHeadMayBeAbsentButNotMisshapen() throws IOException {
        Path tied = Path.of("src/test/resources/fixtures/tiny-onevision-b");
        Map<String, Expected> e = ModelFamilies.of(tied).expectedWeights(tied).tensors();
        assertFalse(e.get(WeightNames.LM_HEAD).required(), "tie_word_embeddings: true");
        assertTrue(ModelFamilies.of(MHA).expectedWeights(MHA).tensors().get(WeightNames.LM_HEAD).required());
        Path dir = SafetensorsWriter.copy(tied, tmp.resolve("tied"));
        Path file = dir.resolve("model.safetensors");
        Map<String, Tensor> t = SafetensorsWriter.read(file);
        t.put(WeightNames.LM_HEAD, new Tensor("F32", new long[] {3, 2}, new byte[24]));
        SafetensorsWriter.write(file, t);
        String m = assertThrows(CheckpointException.class, () -> ModelFamilies.checkWeights(dir)).getMessage();
        assertTrue(m.contains("lm_head.weight has shape (3, 2), expected (" + e.get(WeightNames.LM_HEAD).shape().get(0)), m);
    }

    /** A tensor of the right shape but over 2^31 - 1 bytes cannot be read into one buffer: refused from the header too. */
    @Test
    void aTensorTooLargeForTheLoadersBufferIsRefused() throws IOException {
        Path dir = SafetensorsWriter.copy(MHA, tmp.resolve("huge"));
        long vocab = 1L << 23; // x 64 x 4 bytes = 2^31
        long bytes = vocab * 64 * 4;
        Path config = dir.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"vocab_size\": 152", "\"vocab_size\": " + vocab));
        String embed = WeightNames.TEXT + "embed_tokens.weight";
        Path file = dir.resolve("model.safetensors");
        Map<String, Tensor> t = SafetensorsWriter.read(file);
        t.remove(embed);
        t.remove(WeightNames.LM_HEAD);
        long data = t.values().stream().mapToLong(x -> x.data().length).sum();
        SafetensorsWriter.write(file, t);
        SafetensorsWriter.editHeader(file, h -> h.putObject(embed).put("dtype", "F32")
                .<com.fasterxml.jackson.databind.node.ObjectNode>set("shape", h.arrayNode().add(vocab).add(64))
                .set("data_offsets", h.arrayNode().add(data).add(data + bytes)));
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(f.length() + bytes); // sparse: the tensor's bytes are never written
        }
        String m = assertThrows(CheckpointException.class, () -> ModelFamilies.checkWeights(dir)).getMessage();
        assertTrue(m.contains("(2 problems): model.safetensors: " + embed + " has 2147483648 bytes, more than the 2147483647 "
                + "one buffer holds (store it as F16 or BF16); missing tensor lm_head.weight (8388608, 64)"), m);
    }
}
