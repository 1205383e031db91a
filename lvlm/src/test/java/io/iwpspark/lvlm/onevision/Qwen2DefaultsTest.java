package io.iwpspark.lvlm.onevision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.iwpspark.lvlm.checkpoint.ConfigReader;
import io.iwpspark.lvlm.checkpoint.TextConfig;
import org.junit.jupiter.api.Test;

/** OneVision's text_config binding against transformers 5.24 Qwen2Config's field defaults and __post_init__. */
class Qwen2DefaultsTest {
    static TextConfig read(String json) throws Exception {
        return ConfigReader.text(new ObjectMapper().readTree(json), "qwen2");
    }

    @Test
    void absentKeysTakeQwen2ConfigDefaults() throws Exception {
        // model_type absent: LlavaOnevisionConfig's text sub-config defaults to qwen2.
        TextConfig t = read("{\"num_attention_heads\": 32}");
        assertEquals(151936, t.vocabSize());
        assertEquals(4096, t.hidden());
        assertEquals(22016, t.intermediate());
        assertEquals(32, t.layers());
        assertEquals(32, t.kvHeads());
        assertEquals(32768, t.maxPositions());
        assertEquals(10000.0, t.ropeTheta());
        assertEquals(1e-6, t.rmsNormEps());
        assertFalse(t.tieWordEmbeddings());
        assertTrue(t.qkvBias(), "Qwen2Attention: q/k/v with bias, o_proj without");
    }

    @Test
    void keyValueHeadsAbsentAreThirtyTwoAndNullAreTheQueryHeads() throws Exception {
        // Qwen2Config: num_key_value_heads: int | None = 32, and __post_init__ turns None into num_attention_heads.
        assertEquals(32, read("{\"num_attention_heads\": 64, \"hidden_size\": 4096}").kvHeads());
        assertEquals(64, read("{\"num_attention_heads\": 64, \"hidden_size\": 4096, \"num_key_value_heads\": null}").kvHeads());
        assertEquals(4, read("{\"num_attention_heads\": 28, \"hidden_size\": 3584, \"num_key_value_heads\": 4}").kvHeads());
    }
}
