package io.iwpspark.lvlm.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** text_config of model_type llama, mistral and qwen2, and the rope scalings, read as transformers reads them. */
class TextFamiliesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TextConfig read(String json) throws Exception {
        return ConfigReader.text(JSON.readTree(json), "llama");
    }

    @Test
    void mistralDefaultsToEightKvHeadsAndA4096Window() throws Exception {
        TextConfig c = read("{\"model_type\": \"mistral\", \"hidden_size\": 64, \"num_attention_heads\": 16}");
        assertEquals(8, c.kvHeads());
        assertEquals(4096, c.slidingWindow());
        TextConfig none = read("{\"model_type\": \"mistral\", \"hidden_size\": 64, \"num_attention_heads\": 8, "
                + "\"sliding_window\": null}");
        assertEquals(0, none.slidingWindow());
        assertEquals(8, none.kvHeads());
        assertEquals(false, none.qkvBias());
    }

    @Test
    void qwen2HasQkvBiasesAndRefusesPerLayerWindows() throws Exception {
        TextConfig c = read("{\"model_type\": \"qwen2\", \"hidden_size\": 64, \"num_attention_heads\": 4, "
                + "\"num_key_value_heads\": 2}");
        assertTrue(c.qkvBias());
        assertEquals(151936, c.vocabSize());
        assertEquals(16, c.headDim());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(
                "{\"model_type\": \"qwen2\", \"use_sliding_window\": true}"));
        assertTrue(e.getMessage().contains("use_sliding_window"), e.getMessage());
    }

    @Test
    void unknownTextModelTypeIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read("{\"model_type\": \"gemma\"}"));
        assertEquals("text_config.model_type must be llama, mistral or qwen2, found \"gemma\"", e.getMessage());
    }

    @Test
    void llama3RopeFromEitherKeyWithHandComputedFrequencies() throws Exception {
        JsonNode t = JSON.readTree("{\"rope_parameters\": {\"rope_type\": \"llama3\", \"rope_theta\": 10000.0, "
                + "\"factor\": 8.0, \"low_freq_factor\": 1.0, \"high_freq_factor\": 4.0, "
                + "\"original_max_position_embeddings\": 64}}");
        RopeScaling r = ConfigReader.text(t, "llama").rope();
        assertEquals(RopeScaling.Type.LLAMA3, r.type());
        // wavelengths 2 pi / f: f = 1 -> 6.3 (< 64 / 4 = 16: kept), f = 0.1 -> 62.8 (between 16 and 64: smoothed),
        // f = 0.01 -> 628 (> 64: divided by 8). Smoothed: s = (64 / 62.83 - 1) / 3 = 0.00620, (1 - s) 0.1 / 8 + s 0.1.
        double w = 2 * Math.PI / 0.1;
        double s = (64 / w - 1) / 3;
        assertArrayEquals(new double[] {1, (1 - s) * 0.1 / 8 + s * 0.1, 0.01 / 8}, r.apply(new double[] {1, 0.1, 0.01}),
                1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(
                "{\"rope_scaling\": {\"rope_type\": \"llama3\", \"factor\": 8.0}}"));
        assertTrue(e.getMessage().contains("low_freq_factor"), e.getMessage());
        IllegalArgumentException yarn = assertThrows(IllegalArgumentException.class, () -> read(
                "{\"rope_scaling\": {\"rope_type\": \"yarn\", \"factor\": 8.0}}"));
        assertTrue(yarn.getMessage().contains("yarn"), yarn.getMessage());
    }
}
