package io.iwpspark.lvlm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iwpspark.lvlm.generation.Generation;
import io.iwpspark.lvlm.generation.GenerationOptions;
import io.iwpspark.lvlm.hook.StageReport;
import io.iwpspark.lvlm.runtime.PrepareOptions;
import io.iwpspark.lvlm.runtime.PreparedSample;
import io.iwpspark.pruning.Pruner;
import io.iwpspark.pruning.PrunerRegistry;
import io.iwpspark.pruning.baselines.DyCokePruner;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iwpspark.lvlm.checkpoint.SafetensorsFile;
import io.iwpspark.lvlm.checkpoint.TensorEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every registered pruner, default parameters, on LLaVA-NeXT's packed tokens (base + unpadded crops +
 * image_newline rows, no regular grid; wide.png: 68 tokens), both packings: its stages are served and
 * end with the tokens they promised. Multi-stage schedules need depth, so the checkpoint is
 * tiny-llava-next-a deepened to 8 decoder layers (layer i repeats the fixture's layer i mod 2).
 */
class LlavaNextPrunersTest {
    static final String FIXTURE = "tiny-llava-next-a";
    static final int LAYERS = 8;

    @TempDir
    Path tmp;

    @Test
    void everyRegisteredPrunerRunsOnPackedTokens() throws IOException {
        String fixture = FIXTURE;
        deepen(Fixtures.dir(fixture), tmp);
        PrunerRegistry registry = PrunerRegistry.load();
        try (Lvlm model = ModelFamilies.load(tmp)) {
            assertEquals(LAYERS, model.card().decoderLayers());
            var image = ImageIO.read(Fixtures.dir(fixture).resolve("reference/wide.png").toFile());
            for (boolean unpad : new boolean[] {true, false}) {
                try (PreparedSample s = model.prepare(Media.image(image), "What color is the square?",
                        PrepareOptions.defaults().withAnyresUnpad(unpad))) {
                    assertEquals(unpad ? 68 : 64, s.visual().count());
                    for (String name : registry.factories().keySet()) {
                        Pruner p = TestPruners.registered(registry, name, LAYERS);
                        String where = name + (unpad ? " (unpadded)" : " (spatial)");
                        if (name.equals(DyCokePruner.NAME)) { // frames of 196 tokens only: one image is refused
                            assertThrows(IllegalArgumentException.class,
                                    () -> model.generate(s, p, 16, GenerationOptions.defaults()), where);
                            continue;
                        }
                        Generation g = model.generate(s, p, 16, GenerationOptions.defaults().withMaxNewTokens(2));
                        assertFalse(g.stages().isEmpty(), where + " ran no stage");
                        for (StageReport r : g.stages()) {
                            assertEquals(r.after(), g.visualTokensPerLayer()[r.layer()], where + " at layer " + r.layer());
                        }
                        assertTrue(g.visionFlops() > 0 && g.prefillFlops() > 0, where);
                    }
                }
            }
        }
    }

    /** Copies a fixture folder with its decoder repeated to {@link #LAYERS} layers. */
    static void deepen(Path from, Path to) throws IOException {
        try (var files = Files.list(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f) && !f.getFileName().toString().equals("model.safetensors")) {
                    Files.copy(f, to.resolve(f.getFileName()));
                }
            }
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = (ObjectNode) json.readTree(from.resolve("config.json").toFile());
        ((ObjectNode) config.get("text_config")).put("num_hidden_layers", LAYERS);
        json.writeValue(to.resolve("config.json").toFile(), config);
        Path weights = from.resolve("model.safetensors");
        Map<String, TensorEntry> entries = SafetensorsFile.readHeader(weights);
        byte[] all = Files.readAllBytes(weights);
        Pattern layer = Pattern.compile("(language_model\\.model\\.layers\\.)(\\d+)(\\..*)");
        Map<String, TensorEntry> out = new TreeMap<>();
        for (TensorEntry e : entries.values()) {
            Matcher m = layer.matcher(e.name());
            if (!m.matches()) {
                out.put(e.name(), e);
                continue;
            }
            for (int l = Integer.parseInt(m.group(2)); l < LAYERS; l += 2) {
                out.put(m.group(1) + l + m.group(3), e);
            }
        }
        ObjectNode header = json.createObjectNode();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (Map.Entry<String, TensorEntry> e : out.entrySet()) {
            TensorEntry t = e.getValue();
            ObjectNode node = header.putObject(e.getKey());
            node.put("dtype", t.dtype());
            var shape = node.putArray("shape");
            for (long d : t.shape().getShape()) {
                shape.add(d);
            }
            node.putArray("data_offsets").add(data.size()).add(data.size() + t.length());
            data.write(all, (int) t.offset(), (int) t.length());
        }
        byte[] h = json.writeValueAsBytes(header);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
        file.write(h);
        data.writeTo(file);
        Files.write(to.resolve("model.safetensors"), file.toByteArray());
    }
}
