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
}
