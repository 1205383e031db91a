package io.iwpspark.lvlm.onevision;

import io.iwpspark.lvlm.Media;

/**
 * TEMPORARY until the Jinja chat-template engine lands: the prompt the tiny-onevision fixtures'
 * chat_template.jinja renders for one user turn holding one image or one video and a question, with
 * the generation prompt: {@code "<|im_start|>user <image>\n" + question + "<|im_end|>\n<|im_start|>assistant\n"}
 * ({@code <video>} for a video). Published OneVision templates differ in details (no newline after
 * {@code <|im_end|>}), which is why the template engine must replace this.
 */
final class OnevisionPrompt {
    static final String IMAGE = "<image>";
    static final String VIDEO = "<video>";

    private OnevisionPrompt() {}

    static String fixtureTemplate(String question, Media.Kind kind) {
        if (question.contains(IMAGE) || question.contains(VIDEO)) {
            throw new IllegalArgumentException("question must not contain the placeholders " + IMAGE + " or " + VIDEO
                    + "; the prompt places them, found \"" + question + "\"");
        }
        String media = kind == Media.Kind.VIDEO ? VIDEO : IMAGE;
        return "<|im_start|>user " + media + "\n" + question + "<|im_end|>\n<|im_start|>assistant\n";
    }
}
