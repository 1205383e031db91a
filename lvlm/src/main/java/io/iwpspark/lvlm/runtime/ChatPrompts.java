package io.iwpspark.lvlm.runtime;

import io.iwpspark.lvlm.Media;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.lvlm.template.ChatContext;
import io.iwpspark.lvlm.template.CheckpointChat;
import io.iwpspark.lvlm.template.TemplateException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Prompt ids as transformers' {@code processor.apply_chat_template(..., tokenize=True)} makes them for one
 * user turn (the media part, then the question) with the generation prompt: the checkpoint's own chat
 * template rendered by {@link io.iwpspark.lvlm.template}, then the tokenizer, which adds its special tokens
 * unless the rendered prompt already starts with the BOS token (processing_utils.py, transformers 5.24).
 * The media placeholder stays one token; the family expands it.
 */
public final class ChatPrompts {
    private final CheckpointChat chat; // null: the family's fallback format renders
    private final Function<String, String> fallback;
    private final PromptTokens tokens;

    private ChatPrompts(CheckpointChat chat, Function<String, String> fallback, PromptTokens tokens) {
        this.chat = chat;
        this.fallback = fallback;
        this.tokens = tokens;
    }

    /**
     * The checkpoint's template (chat_template.json, chat_template.jinja or tokenizer_config.json, as
     * transformers looks for it).
     *
     * @param fallback renders a question when the checkpoint ships no template (LLaVA-1.5's conversation
     *     format for raw llava checkpoints), or null to refuse such a checkpoint
     */
    public static ChatPrompts load(Path dir, PromptTokens tokens, Function<String, String> fallback)
            throws CheckpointException {
        Optional<CheckpointChat> chat;
        try {
            chat = CheckpointChat.load(dir);
        } catch (TemplateException e) {
            throw new CheckpointException(dir + ": the chat template cannot be read: " + e.getMessage(), e);
        }
        if (chat.isEmpty() && fallback == null) {
            throw new CheckpointException(dir + ": no chat template found (chat_template.json, chat_template.jinja "
                    + "or tokenizer_config.json \"chat_template\"); this family needs the checkpoint's own");
        }
        return new ChatPrompts(chat.orElse(null), fallback, tokens);
    }

    /** The rendered prompt of a question about an image or a video. */
    public String render(String question, Media.Kind media) {
        if (chat == null) {
            return fallback.apply(question);
        }
        ChatContext.Media part = media == Media.Kind.VIDEO ? ChatContext.Media.VIDEO : ChatContext.Media.IMAGE;
        try {
            return chat.userTurn(part, question);
        } catch (TemplateException e) {
            throw new IllegalArgumentException("the chat template failed to render the question: " + e.getMessage(), e);
        }
    }

    /** Prompt ids, one media placeholder unexpanded. */
    public int[] ids(String question, Media.Kind media) {
        String prompt = render(question, media);
        String bos = chat == null ? null : chat.specialTokens().get("bos_token");
        boolean addSpecial = bos == null || !prompt.startsWith(bos);
        return tokens.encode(prompt, addSpecial);
    }
}
