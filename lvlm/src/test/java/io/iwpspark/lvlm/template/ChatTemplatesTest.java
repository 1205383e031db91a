package io.iwpspark.lvlm.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a checkpoint's template and special tokens are found, and how a broken file is reported. */
class ChatTemplatesTest {
    @TempDir
    Path dir;

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text);
    }

    private String loaded() {
        return ChatTemplates.load(dir).orElseThrow().render(Map.of());
    }

    @Test
    void noTemplateIsEmpty() throws IOException {
        assertTrue(ChatTemplates.load(dir).isEmpty());
        write("tokenizer_config.json", "{\"bos_token\": \"<s>\"}");
        assertTrue(ChatTemplates.load(dir).isEmpty());
    }

    @Test
    void precedenceFollowsTransformers() throws IOException {
        write("tokenizer_config.json", "{\"chat_template\": \"tokenizer\"}");
        assertEquals("tokenizer", loaded());
        write("chat_template.jinja", "jinja\n");
        assertEquals("jinja", loaded());
        write("chat_template.json", "{\"chat_template\": \"legacy json\"}");
        assertEquals("legacy json", loaded());
        write("processor_config.json", "{\"chat_template\": \"processor\"}");
        assertEquals("processor", loaded());
    }

    @Test
    void listFormPicksTheDefaultTemplate() throws IOException {
        write("tokenizer_config.json", "{\"chat_template\": [{\"name\": \"tool_use\", \"template\": \"tools\"},"
                + " {\"name\": \"default\", \"template\": \"plain\"}]}");
        assertEquals("plain", loaded());
        write("tokenizer_config.json", "{\"chat_template\": [{\"name\": \"tool_use\", \"template\": \"tools\"}]}");
        TemplateException e = assertThrows(TemplateException.class, () -> ChatTemplates.load(dir));
        assertEquals(dir.resolve("tokenizer_config.json") + ": \"chat_template\" lists templates [tool_use] but none "
                + "is named \"default\"", e.getMessage());
    }

    @Test
    void errorsNameTheFile() throws IOException {
        write("chat_template.jinja", "{% for x in y %}");
        TemplateException e = assertThrows(TemplateException.class, () -> ChatTemplates.load(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve("chat_template.jinja") + ": unexpected end of template"),
                e.getMessage());
        write("chat_template.json", "{\"template\": \"x\"}");
        e = assertThrows(TemplateException.class, () -> ChatTemplates.load(dir));
        assertEquals(dir.resolve("chat_template.json") + ": expected a string \"chat_template\", found no such key",
                e.getMessage());
    }

    @Test
    void specialTokensComeFromTheTokenizerConfigAndLegacyMap() throws IOException {
        write("tokenizer_config.json", "{\"added_tokens_decoder\": {}, \"bos_token\": {\"__type\": \"AddedToken\","
                + " \"content\": \"<s>\"}, \"eos_token\": \"</s>\", \"pad_token\": null, \"image_token\": \"<image>\","
                + " \"model_max_length\": 10}");
        write("special_tokens_map.json", "{\"unk_token\": \"<unk>\"}");
        assertEquals(Map.of("bos_token", "<s>", "eos_token", "</s>", "image_token", "<image>"),
                SpecialTokens.read(dir));
        write("tokenizer_config.json", "{\"bos_token\": \"<s>\", \"eos_token\": \"</s>\"}");
        write("special_tokens_map.json", "{\"unk_token\": \"<unk>\", \"eos_token\": {\"content\": \"<eos>\"}}");
        assertEquals(Map.of("bos_token", "<s>", "eos_token", "<eos>", "unk_token", "<unk>"), SpecialTokens.read(dir));
    }

    @Test
    void userTurnRendersTheStandardQuestion() throws IOException {
        write("chat_template.jinja", "{{ bos_token }}{% for m in messages %}{% for p in m.content %}"
                + "{{ '<' ~ p.type ~ '>' if p.type != 'text' else p.text }}{% endfor %}{% endfor %}"
                + "{% if add_generation_prompt %} A:{% endif %}{{ tools is none }}");
        write("tokenizer_config.json", "{\"bos_token\": \"<s>\"}");
        ChatTemplate t = ChatTemplates.load(dir).orElseThrow();
        Map<String, String> tokens = SpecialTokens.read(dir);
        assertEquals("<s><video>Why? A:True", ChatContext.userTurn(t, tokens, ChatContext.Media.VIDEO, "Why?"));
        assertEquals("<s>Why? A:True", ChatContext.userTurn(t, tokens, ChatContext.Media.NONE, "Why?"));
    }
}
