package io.iwpspark.lvlm.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
  * Finds a checkpoint's chat template where transformers 5.24 finds it. A processor's template comes first
  * (processing_utils.py ProcessorMixin.get_processor_dict): the "chat_template" key of processor_config.json,
  * else the legacy chat_template.json ({"chat_template": ...}, preferred over the .jinja file when both exist),
  * else chat_template.jinja; without those the tokenizer's (tokenization_utils_base.py): chat_template.jinja,
  * else tokenizer_config.json's "chat_template", a string or a list of {name, template} of which "default" is
  * used. Every error names the file.
  */
public final class ChatTemplates {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChatTemplates() {}

    /** The checkpoint's chat template, parsed, or empty when the checkpoint has none. */
    public static Optional<ChatTemplate> load(Path checkpointDir) {
        return findSource(checkpointDir).map(found -> {
            try {
                return ChatTemplate.parse(found.text());
            } catch (TemplateException e) {
                TemplateException named = new TemplateException(found.file() + ": " + e.getMessage());
                named.initCause(e);
                throw named;
            }
        });
    }

    record Source(Path file, String text) {}

    static Optional<Source> findSource(Path dir) {
        Path processorConfig = dir.resolve("processor_config.json");
        if (Files.isRegularFile(processorConfig)) {
            JsonNode t = readJson(processorConfig).get("chat_template");
            if (t != null && !t.isNull()) {
                return Optional.of(new Source(processorConfig, text(t, processorConfig)));
            }
        }
        Path legacy = dir.resolve("chat_template.json");
        if (Files.isRegularFile(legacy)) {
            JsonNode t = readJson(legacy).get("chat_template");
            if (t == null || !t.isTextual()) {
                throw new TemplateException(legacy + ": expected a string \"chat_template\", found "
                        + (t == null ? "no such key" : t.getNodeType()));
            }
            return Optional.of(new Source(legacy, t.asText()));
        }
        Path jinja = dir.resolve("chat_template.jinja");
        if (Files.isRegularFile(jinja)) {
            return Optional.of(new Source(jinja, readText(jinja)));
        }
        Path tokenizerConfig = dir.resolve("tokenizer_config.json");
        if (Files.isRegularFile(tokenizerConfig)) {
            JsonNode t = readJson(tokenizerConfig).get("chat_template");
            if (t != null && !t.isNull()) {
                return Optional.of(new Source(tokenizerConfig, text(t, tokenizerConfig)));
            }
        }
        return Optional.empty();
    }

    /** A template string, or the "default" entry of a list of {name, template}. */
    private static String text(JsonNode t, Path file) {
        if (t.isTextual()) {
            return t.asText();
        } else if (t.isArray()) {
            StringBuilder names = new StringBuilder();
            for (JsonNode entry : t) {
                String name = entry.path("name").asText();
                if (name.equals("default") && entry.path("template").isTextual()) {
                    return entry.get("template").asText();
                }
                names.append(names.length() == 0 ? "" : ", ").append(name);
            }
            throw new TemplateException(file + ": \"chat_template\" lists templates [" + names
                    + "] but none is named \"default\"");
        }
        throw new TemplateException(file + ": expected \"chat_template\" to be a string or a list of {name, template}, "
                + "found " + t.getNodeType());
    }

    static JsonNode readJson(Path file) {
        try {
            JsonNode node = JSON.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw new TemplateException(file + ": expected a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String readText(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
