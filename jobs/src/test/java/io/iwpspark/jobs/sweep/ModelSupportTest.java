package io.iwpspark.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iwpspark.jobs.config.SweepConfig;
import io.iwpspark.jobs.config.SweepConfigReader;
import io.iwpspark.pruning.PrunerRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Before Spark starts, the model's card refuses configurations its family or depth cannot run, naming both. */
class ModelSupportTest {
    private static final Path MODEL = Path.of("../lvlm/src/test/resources/fixtures/tiny-llava-saved").toAbsolutePath();

    private static SweepConfig config(Path dir, String methods) throws IOException {
        Path file = dir.resolve("sweep.yaml");
        Files.writeString(file, "model: " + MODEL + "\nsamples: " + dir.resolve("samples") + "\noutput: " + dir
                + "\nbenchmarks: [shapes_vqa]\nbudgets: [4]\nmethods: " + methods + "\n");
        return SweepConfigReader.read(file, dir);
    }

    @Test
    void aStageBeyondTheDecoderIsRefusedNamingModelAndConfiguration(@TempDir Path dir) throws IOException {
        SweepConfig c = config(dir, "[fastv]"); // K = 2 by default; the fixture has 2 decoder layers
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelSupport.requireServed(c, PrunerRegistry.load()));
        assertTrue(e.getMessage().startsWith("methods: configuration fastv") && e.getMessage().contains("2-layer llava")
                && e.getMessage().contains("tiny-llava-saved") && e.getMessage().contains("found 2"), e.getMessage());
    }

    @Test
    void everyRegisteredPrunerThatFitsIsServedByLlava(@TempDir Path dir) throws IOException {
        SweepConfig c = config(dir, "[iwp, random, uniform, {name: fastv, k: 1}, divprune, visionzip, {name: dart, k: 1}, cdpruner, pool]");
        assertDoesNotThrow(() -> ModelSupport.requireServed(c, PrunerRegistry.load()));
    }

    @Test
    void anUnknownFamilyIsAConfigurationError(@TempDir Path dir) throws IOException {
        Path model = Files.createDirectories(dir.resolve("m"));
        Files.writeString(model.resolve("config.json"), "{\"model_type\": \"idefics\"}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelSupport.card(model));
        assertTrue(e.getMessage().startsWith("model: ") && e.getMessage().contains("idefics"), e.getMessage());
    }

    /** A copy of the fixture's config with the given weight file in place of its safetensors. */
    private static Path withWeights(Path dir, String name, byte[] bytes) throws IOException {
        Path model = Files.createDirectories(dir.resolve("m"));
        Files.copy(MODEL.resolve("config.json"), model.resolve("config.json"));
        Files.write(model.resolve(name), bytes);
        return model;
    }

    private static byte[] safetensors(String header) {
        byte[] h = header.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + h.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        return b.putLong(h.length).put(h).array();
    }

    @Test
    void checkpointFaultsAreFoundOnTheDriverNamingTheFile(@TempDir Path dir) throws IOException {
        Path pickle = withWeights(dir.resolve("a"), "pytorch_model.bin", new byte[] {(byte) 0x80, 2});
        String e1 = assertThrows(IllegalArgumentException.class, () -> ModelSupport.card(pickle)).getMessage();
        assertTrue(e1.startsWith("model: ") && e1.contains("pickle") && e1.contains("pytorch_model.bin"), e1);

        Path badHeader = withWeights(dir.resolve("b"), "model.safetensors", safetensors("{not json"));
        String e2 = assertThrows(IllegalArgumentException.class, () -> ModelSupport.card(badHeader)).getMessage();
        assertTrue(e2.contains("model.safetensors"), e2);

        Path overflow = withWeights(dir.resolve("c"), "model.safetensors", safetensors(
                "{\"w\": {\"dtype\": \"F32\", \"shape\": [4294967296, 4294967296], \"data_offsets\": [0, 0]}}"));
        String e3 = assertThrows(IllegalArgumentException.class, () -> ModelSupport.card(overflow)).getMessage();
        assertTrue(e3.contains("tensor w has shape [4294967296,4294967296] whose size does not fit in 64 bits"), e3);
    }

    @Test
    void tensorsNotMatchingTheConfigAreFoundOnTheDriverFromTheHeaders(@TempDir Path dir) throws IOException {
        String q = "language_model.model.layers.0.self_attn.q_proj.weight"; // (64, 64) in the published naming
        Path bad = CorruptCheckpoint.copy(MODEL, dir.resolve("bad"), h -> {
            CorruptCheckpoint.reshape(h, q, 32, 128);
            h.remove("language_model.model.norm.weight");
        });
        String e = assertThrows(IllegalArgumentException.class, () -> ModelSupport.card(bad)).getMessage();
        assertTrue(e.equals("model: " + bad + ": the weights do not match config.json (2 problems): model.safetensors: " + q
                + " has shape (32, 128), expected (64, 64); missing tensor model.language_model.norm.weight (64)"), e);
    }
}
