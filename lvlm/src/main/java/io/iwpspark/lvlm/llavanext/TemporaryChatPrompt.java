package io.iwpspark.lvlm.llavanext;

import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.lvlm.checkpoint.ConfigReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * TEMPORARY, until the Jinja chat-template engine (lvlm/template) lands: recognises the two chat
 * templates LLaVA-NeXT checkpoints of this project use and renders one user turn with one image and the
 * generation prompt as they do. Vicuna style (llava-v1.6-vicuna, tiny-llava-next-a):
 * {@code "USER: <image>\n" + question + " ASSISTANT:"}; Mistral instruct (llava-v1.6-mistral,
 * tiny-llava-next-b): {@code "[INST] <image>\n" + question + " [/INST]"}. Any other template is refused.
 */
enum TemporaryChatPrompt {
    VICUNA, MISTRAL_INSTRUCT;

    static final String IMAGE = "<image>";

    /** The style of the checkpoint's template: chat_template.jinja, else chat_template.json or tokenizer_config.json. */
    static TemporaryChatPrompt detect(Path dir) throws CheckpointException {
        String template = template(dir);
        if (template.contains("[INST]")) {
            return MISTRAL_INSTRUCT;
        }
        if (template.contains("upper") && template.contains("ASSISTANT:")) {
            return VICUNA;
        }
        throw new CheckpointException(dir + ": the chat template is neither Vicuna style (USER: / ASSISTANT:) nor "
                + "Mistral [INST]; the temporary LLaVA-NeXT prompt builder knows only those two, found: "
                + template.substring(0, Math.min(120, template.length())));
    }

    String render(String question) {
        if (question.contains(IMAGE)) {
            throw new IllegalArgumentException("question must not contain the placeholder " + IMAGE
                    + "; the prompt places it, found \"" + question + "\"");
        }
        return switch (this) {
            case VICUNA -> "USER: " + IMAGE + "\n" + question + " ASSISTANT:";
            case MISTRAL_INSTRUCT -> "[INST] " + IMAGE + "\n" + question + " [/INST]";
        };
    }

    private static String template(Path dir) throws CheckpointException {
        Path jinja = dir.resolve("chat_template.jinja");
        if (Files.isRegularFile(jinja)) {
            try {
                return Files.readString(jinja);
            } catch (IOException e) {
                throw new CheckpointException("cannot read " + jinja + ": " + e.getMessage(), e);
            }
        }
        for (String name : new String[] {"chat_template.json", "tokenizer_config.json", "processor_config.json"}) {
            Path f = dir.resolve(name);
            if (Files.isRegularFile(f) && ConfigReader.readJson(f).path("chat_template").isTextual()) {
                return ConfigReader.readJson(f).path("chat_template").asText();
            }
        }
        throw new CheckpointException(dir + ": no chat template (chat_template.jinja, or a chat_template string in "
                + "chat_template.json / tokenizer_config.json / processor_config.json)");
    }
}
