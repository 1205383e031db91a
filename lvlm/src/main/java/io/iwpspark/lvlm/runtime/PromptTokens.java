package io.iwpspark.lvlm.runtime;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The tokenizer (tokenizer.json, no truncation). The model expands the one image token of a
 * prompt into the visual block ({@link Layout}), as the LLaVA processor does before the model sees the ids.
 */
public final class PromptTokens implements AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;

    private PromptTokens(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    public static PromptTokens load(Path dir) throws CheckpointException {
        Path file = dir.resolve("tokenizer.json");
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException("missing file " + file);
        }
        try {
            return new PromptTokens(HuggingFaceTokenizer.newInstance(file,
                    Map.of("truncation", "false", "padding", "false", "addSpecialTokens", "true")));
        } catch (IOException e) {
            throw new CheckpointException("cannot load tokenizer " + file + ": " + e.getMessage(), e);
        }
    }

    /** Ids of {@code prompt} with special tokens (BOS) as tokenizer.json adds them. */
    public int[] encode(String prompt) {
        return encode(prompt, true);
    }

    /** Ids of {@code prompt}, with or without the special tokens tokenizer.json's post-processor adds. */
    public int[] encode(String prompt, boolean addSpecialTokens) {
        Encoding e = tokenizer.encode(prompt, addSpecialTokens, false);
        long[] ids = e.getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    /** The layout of a prompt after expansion: text before, N visual slots, text after. */
    public record Layout(int[] ids, int visualStart, int visualCount) {
        public int textAfter() {
            return ids.length - visualStart - visualCount;
        }

        /**
         * Prompt ids with their one placeholder {@code placeholderId} expanded to {@code visualCount}
         * slots (each holding the placeholder id), as the processors do before the model sees the ids.
         */
        public static Layout expand(int[] ids, int placeholderId, int visualCount) {
            int at = -1;
            for (int i = 0; i < ids.length; i++) {
                if (ids[i] == placeholderId) {
                    if (at >= 0) {
                        throw new IllegalArgumentException("prompt ids must hold one image token (id " + placeholderId
                                + "), found a second at " + i);
                    }
                    at = i;
                }
            }
            if (at < 0) {
                throw new IllegalArgumentException("prompt ids must hold one image token (id " + placeholderId
                        + "), found none");
            }
            int[] out = new int[ids.length - 1 + visualCount];
            System.arraycopy(ids, 0, out, 0, at);
            java.util.Arrays.fill(out, at, at + visualCount, placeholderId);
            System.arraycopy(ids, at + 1, out, at + visualCount, ids.length - at - 1);
            return new Layout(out, at, visualCount);
        }
    }

    public String decode(int[] ids) {
        long[] l = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            l[i] = ids[i];
        }
        return tokenizer.decode(l, true);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
