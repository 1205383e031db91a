package io.iwpspark.lvlm.llava;

/**
 * The LLaVA-1.5 conversation format, as the chat template of llava-hf/llava-1.5-7b-hf renders one
 * user turn with one image and the generation prompt: {@code "USER: <image>\n" + question + " ASSISTANT:"}.
 * A video is one image placeholder whose visual tokens are all frames' tokens, in order.
 */
public final class ChatPrompt {
    public static final String IMAGE = "<image>";

    private ChatPrompt() {}

    public static String llava15(String question) {
        if (question.contains(IMAGE)) {
            throw new IllegalArgumentException("question must not contain the placeholder " + IMAGE
                    + "; the prompt places it, found \"" + question + "\"");
        }
        return "USER: " + IMAGE + "\n" + question + " ASSISTANT:";
    }
}
