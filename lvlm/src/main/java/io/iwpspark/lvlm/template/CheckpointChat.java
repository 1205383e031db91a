package io.iwpspark.lvlm.template;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
  * A checkpoint's chat template with the special tokens transformers renders it with; what a prompt builder
  * needs to ask one question about one image or video.
  */
public record CheckpointChat(ChatTemplate template, Map<String, String> specialTokens) {
    public CheckpointChat {
        specialTokens = Map.copyOf(specialTokens);
    }

    /** The checkpoint's template and special tokens, or empty when it has no chat template. */
    public static Optional<CheckpointChat> load(Path checkpointDir) {
        return ChatTemplates.load(checkpointDir).map(t -> new CheckpointChat(t, SpecialTokens.read(checkpointDir)));
    }

    /** transformers' {@code processor.apply_chat_template([user: media + question], add_generation_prompt=True)}. */
    public String userTurn(ChatContext.Media media, String question) {
        return ChatContext.userTurn(template, specialTokens, media, question);
    }
}
