package io.iwpspark.lvlm.llava;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The tokenizer (tokenizer.json, no truncation) and the expansion of the one image placeholder
 * into the visual block, as the LLaVA processor does before the model sees the ids.
 */
public final class PromptTokens implements AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;
    private final int imageTokenId;

    private PromptTokens(HuggingFaceTokenizer tokenizer, int imageTokenId) {
        this.tokenizer = tokenizer;
        this.imageTokenId = imageTokenId;
    }

    public static PromptTokens load(Path dir, int imageTokenId) throws CheckpointException {
        Path file = dir.resolve("tokenizer.json");
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException("missing file " + file);
        }
        try {
            return new PromptTokens(HuggingFaceTokenizer.newInstance(file,
                    Map.of("truncation", "false", "padding", "false", "addSpecialTokens", "true")), imageTokenId);
        } catch (IOException e) {
            throw new CheckpointException("cannot load tokenizer " + file + ": " + e.getMessage(), e);
        }
    }

    /** Ids of {@code prompt} with special tokens (BOS) as tokenizer.json adds them. */
    public int[] encode(String prompt) {
        Encoding e = tokenizer.encode(prompt, true, false);
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
    }

    /** Encodes and replaces the single image token with {@code visualCount} copies of it. */
    public Layout expand(String prompt, int visualCount) {
        int[] ids = encode(prompt);
        int at = -1;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == imageTokenId) {
                if (at >= 0) {
                    throw new IllegalArgumentException("prompt must hold one image token (id " + imageTokenId
                            + "), found a second at " + i);
                }
                at = i;
            }
        }
        if (at < 0) {
            throw new IllegalArgumentException("prompt must hold one image token (id " + imageTokenId
                    + "), found none in \"" + prompt + "\"");
        }
        int[] out = new int[ids.length - 1 + visualCount];
        System.arraycopy(ids, 0, out, 0, at);
        java.util.Arrays.fill(out, at, at + visualCount, imageTokenId);
        System.arraycopy(ids, at + 1, out, at + visualCount, ids.length - at - 1);
        return new Layout(out, at, visualCount);
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
