package io.iwpspark.lvlm.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iwpspark.lvlm.llava.LlavaModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loader errors on folders the tests write, the bf16 widening and the weight-name mapping. */
class CheckpointTest {
    static final Path MHA = Path.of("src/test/resources/fixtures/tiny-llava-mha");

    @TempDir
    Path tmp;

    /** A copy of the mha fixture (without its reference folder). */
    Path copy() throws IOException {
        Path dir = tmp.resolve("ckpt");
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(MHA)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                Files.copy(f, dir.resolve(f.getFileName().toString()));
            }
        }
        return dir;
    }

    static String failure(Path dir) {
        return assertThrows(CheckpointException.class, () -> LlavaModel.load(dir).close()).getMessage();
    }

    @Test
    void missingFolderAndMissingFilesAreNamed() throws IOException {
        assertTrue(failure(tmp.resolve("nowhere")).contains("does not exist"));
        Path dir = copy();
        Files.delete(dir.resolve("tokenizer.json"));
        assertTrue(failure(dir).contains("missing file " + dir.resolve("tokenizer.json")), failure(dir));
        Files.delete(dir.resolve("config.json"));
        assertTrue(failure(dir).contains("missing file " + dir.resolve("config.json")), failure(dir));
    }

    @Test
    void wrongModelTypeIsRefused() throws IOException {
        Path dir = copy();
        String cfg = Files.readString(dir.resolve("config.json")).replace("\"model_type\": \"llava\"", "\"model_type\": \"qwen2_vl\"");
        Files.writeString(dir.resolve("config.json"), cfg);
        assertTrue(failure(dir).contains("model_type must be \"llava\", found \"qwen2_vl\""), failure(dir));
    }

    @Test
    void pickleCheckpointsAreRefused() throws IOException {
        Path dir = copy();
        Files.delete(dir.resolve("model.safetensors"));
        Files.write(dir.resolve("pytorch_model.bin"), new byte[] {(byte) 0x80, 2});
        String m = failure(dir);
        assertTrue(m.contains("refusing") && m.contains("pytorch_model.bin"), m);
    }

    @Test
    void aMissingTensorAndAMisshapenTensorAreNamed() throws IOException {
        Path dir = copy();
        String q = "model.language_model.layers.0.self_attn.q_proj.weight";
        SafetensorsWriter.editHeader(dir.resolve("model.safetensors"), h -> h.set(q + "_renamed", h.remove(q)));
        String m = failure(dir);
        assertTrue(m.contains("missing tensor " + q) && m.contains("language_model.model.layers.0.self_attn.q_proj.weight"), m);
        Path dir2 = tmp.resolve("second");
        Files.move(dir, dir2);
        SafetensorsWriter.editHeader(dir2.resolve("model.safetensors"), h -> {
            h.set(q, h.remove(q + "_renamed"));
            ObjectNode t = (ObjectNode) h.get(q);
            t.putArray("shape").add(32).add(128);
        });
        m = failure(dir2);
        assertTrue(m.contains(q) && m.contains("has shape (32, 128), expected (64, 64)"), m);
    }

    @Test
    void anImplausibleHeaderLengthIsRefusedBeforeReading() throws IOException {
        Path file = tmp.resolve("bad.safetensors");
        byte[] bytes = new byte[64];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40);
        Files.write(file, bytes);
        String m = assertThrows(CheckpointException.class, () -> SafetensorsFile.readHeader(file)).getMessage();
        assertTrue(m.contains("header length must be in [1, min(") && m.contains("found 1099511627776"), m);
    }

    @Test
    void aShardMissingFromTheIndexIsNamed() throws IOException {
        Path dir = copy();
        Files.writeString(dir.resolve("model.safetensors.index.json"),
                "{\"weight_map\": {\"lm_head.weight\": \"model-00002-of-00002.safetensors\"}}");
        assertTrue(failure(dir).contains("missing file " + dir.resolve("model-00002-of-00002.safetensors")), failure(dir));
    }

    @Test
    void bf16IsWidenedExactlyAndF16Read() throws IOException {
        // bf16 1.0 = 0x3F80, -2.5 = 0xC020, 3.140625 = 0x4049; f16 1.5 = 0x3E00
        ByteBuffer bf = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0x3F80)
                .putShort((short) 0xC020).putShort((short) 0x4049);
        ByteBuffer f16 = ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0x3E00);
        Path file = tmp.resolve("model.safetensors");
        SafetensorsWriter.write(file, Map.of(
                "language_model.model.norm.weight", new SafetensorsWriter.Tensor("BF16", new long[] {3}, bf.array()),
                "vision_tower.vision_model.pre_layrnorm.bias", new SafetensorsWriter.Tensor("F16", new long[] {1, 1}, f16.array())));
        Checkpoint c = Checkpoint.open(tmp);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = c.load(m, DataType.FLOAT32, "model.language_model.norm.weight", 3);
            assertEquals(DataType.FLOAT32, w.getDataType());
            assertArrayEquals(new float[] {1f, -2.5f, 3.140625f}, w.toFloatArray());
            NDArray half = c.load(m, DataType.FLOAT16, "model.language_model.norm.weight", 3);
            assertEquals(DataType.FLOAT16, half.getDataType());
            assertArrayEquals(new float[] {1.5f}, c.load(m, DataType.FLOAT32,
                    "model.vision_tower.vision_model.pre_layrnorm.bias", 1, 1).toFloatArray());
        }
    }

    @Test
    void bothNamingSchemesMapToOneCanonicalName() {
        assertEquals("model.language_model.layers.3.mlp.up_proj.weight",
                WeightNames.canonical("language_model.model.layers.3.mlp.up_proj.weight").orElseThrow());
        assertEquals("model.language_model.layers.3.mlp.up_proj.weight",
                WeightNames.canonical("model.language_model.layers.3.mlp.up_proj.weight").orElseThrow());
        assertEquals("lm_head.weight", WeightNames.canonical("language_model.lm_head.weight").orElseThrow());
        assertEquals("model.vision_tower.vision_model.pre_layrnorm.weight",
                WeightNames.canonical("vision_tower.vision_model.pre_layrnorm.weight").orElseThrow());
        assertEquals("model.multi_modal_projector.linear_1.bias",
                WeightNames.canonical("multi_modal_projector.linear_1.bias").orElseThrow());
        assertTrue(WeightNames.canonical("language_model.model.layers.0.self_attn.rotary_emb.inv_freq").isEmpty());
    }

    @Test
    void publishedConfigDefaultsAreFilledAsTransformersFillsThem() throws IOException {
        // The shape of llava-hf/llava-1.5-7b-hf's config.json: most LLaMA and CLIP sizes left to defaults.
        Files.writeString(tmp.resolve("config.json"), """
                {"model_type": "llava", "image_token_index": 32000, "vision_feature_layer": -2,
                 "text_config": {"model_type": "llama", "vocab_size": 32064, "rms_norm_eps": 1e-05,
                                 "max_position_embeddings": 4096},
                 "vision_config": {"model_type": "clip_vision_model", "hidden_size": 1024, "image_size": 336,
                                   "intermediate_size": 4096, "num_attention_heads": 16, "num_hidden_layers": 24,
                                   "patch_size": 14}}""");
        LlavaConfig c = ConfigReader.readLlava(tmp);
        assertEquals(TextConfig.llama(32064, 4096, 11008, 32, 32, 32, 128, 1e-5, 10000.0, 4096, false), c.text());
        assertEquals(23, c.visionLayersToRun());
        assertEquals(576, c.tokensPerImage());
        assertArrayEquals(new int[] {2}, c.eosTokenIds());
        assertEquals(LlavaConfig.SelectStrategy.DEFAULT, c.selectStrategy());
    }
}
