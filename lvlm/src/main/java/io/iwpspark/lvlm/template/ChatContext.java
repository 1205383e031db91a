package io.iwpspark.lvlm.template;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
  * The variables transformers gives a chat template (chat_template_utils.py render_jinja_template, called by the
  * tokenizer's and the processor's apply_chat_template): the special tokens, then the caller's extra variables
  * over them, and messages, tools (None), documents (None) and add_generation_prompt.
  */
public final class ChatContext {
    /** What a user turn shows before its question. */
    public enum Media { IMAGE, VIDEO, NONE }

    private ChatContext() {}

    public static Map<String, Object> of(List<?> messages, boolean addGenerationPrompt,
            Map<String, ?> specialTokens, Map<String, ?> extra) {
        Map<String, Object> context = new HashMap<>(specialTokens);
        context.putAll(extra);
        context.putIfAbsent("tools", null);
        context.putIfAbsent("documents", null);
        context.put("messages", messages);
        context.put("add_generation_prompt", addGenerationPrompt);
        return context;
    }

    /**
      * The prompt of one multimodal question: messages = [{role: user, content: [{type: image|video},
      * {type: text, text: question}]}] with add_generation_prompt, as the evaluation asks every sample.
      */
    public static String userTurn(ChatTemplate template, Map<String, String> specialTokens, Media media,
            String question) {
        List<Object> content = new ArrayList<>();
        if (media != Media.NONE) {
            content.add(Map.of("type", media == Media.IMAGE ? "image" : "video"));
        }
        content.add(Map.of("type", "text", "text", question));
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", "user");
        message.put("content", content);
        return template.render(of(List.of(message), true, specialTokens, Map.of()));
    }
}
