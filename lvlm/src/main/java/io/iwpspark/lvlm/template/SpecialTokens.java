package io.iwpspark.lvlm.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
  * The named special tokens transformers passes to every chat template render, {@code tokenizer.special_tokens_map}
  * (tokenization_utils_base.py, transformers 5.24): bos_token, eos_token, unk_token, sep_token, pad_token,
  * cls_token and mask_token, then model-specific ones such as image_token (any other "*_token" key, and the
  * entries of an "extra_special_tokens" mapping), each as its text. They come from tokenizer_config.json; only a
  * legacy config without "added_tokens_decoder" also reads special_tokens_map.json, whose entries then win.
  * Defaults a tokenizer class sets in Python code (e.g. a slow tokenizer's built-in "<s>") are not known here.
  */
public final class SpecialTokens {
    static final List<String> STANDARD =
            List.of("bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token");

    private SpecialTokens() {}

    public static Map<String, String> read(Path checkpointDir) {
        Path config = checkpointDir.resolve("tokenizer_config.json");
        Map<String, JsonNode> raw = new LinkedHashMap<>();
        boolean legacy = true;
        if (Files.isRegularFile(config)) {
            JsonNode c = ChatTemplates.readJson(config);
            legacy = !c.has("added_tokens_decoder");
            collect(c, raw);
        }
        Path map = checkpointDir.resolve("special_tokens_map.json");
        if (legacy && Files.isRegularFile(map)) {
            collect(ChatTemplates.readJson(map), raw);
        }
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String key : STANDARD) {
            text(raw.get(key)).ifPresent(t -> tokens.put(key, t));
        }
        raw.forEach((key, value) -> {
            if (!STANDARD.contains(key)) {
                text(value).ifPresent(t -> tokens.put(key, t));
            }
        });
        return tokens;
    }

    private static void collect(JsonNode config, Map<String, JsonNode> into) {
        for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().endsWith("_token")) {
                into.put(e.getKey(), e.getValue());
            }
        }
        JsonNode extra = config.get("extra_special_tokens");
        if (extra != null && extra.isObject()) {
            extra.fields().forEachRemaining(e -> into.put(e.getKey(), e.getValue()));
        }
    }

    /** A token written as a string or as a serialised AddedToken {"content": ...}; null and others are absent. */
    private static java.util.Optional<String> text(JsonNode v) {
        if (v == null || v.isNull()) {
            return java.util.Optional.empty();
        } else if (v.isTextual()) {
            return java.util.Optional.of(v.asText());
        } else if (v.isObject() && v.path("content").isTextual()) {
            return java.util.Optional.of(v.get("content").asText());
        }
        return java.util.Optional.empty();
    }
}
