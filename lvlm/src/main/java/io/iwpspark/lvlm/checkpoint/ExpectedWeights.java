package io.iwpspark.lvlm.checkpoint;

import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tensors a family's config.json implies, by canonical name ({@link WeightNames}): the shape of
 * each, and whether it must be present. Made from the config alone and compared with the safetensors
 * headers alone (no tensor data is read), so a checkpoint that cannot load is refused on the driver,
 * every mismatch at once, instead of at load on each executor. Tensors the checkpoint carries beyond
 * these are allowed, as the loader ignores them (a CLIP tower's unused last layer, post_layernorm).
 */
public final class ExpectedWeights {
    /** How many problems one error line names before it counts the rest. */
    static final int SHOWN = 8;

    /**
     * @param shape the shape the loader asks for
     * @param required false for a tensor the loader reads only when present (a tied LM head)
     */
    public record Expected(Shape shape, boolean required) {}

    private final Map<String, Expected> tensors; // canonical name -> expectation, in load order

    private ExpectedWeights(Map<String, Expected> tensors) {
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every expected tensor by canonical name, in load order. */
    public Map<String, Expected> tensors() {
        return tensors;
    }

    /**
     * Each way {@code c} differs from these expectations, one phrase each, in load order: a missing
     * tensor, a tensor of another shape (naming its file and its name there), one of a dtype the
     * loader cannot read, or one too large for the loader's single buffer.
     */
    public List<String> mismatches(Checkpoint c) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Expected> e : tensors.entrySet()) {
            Optional<TensorEntry> found = c.entry(e.getKey());
            if (found.isEmpty()) {
                if (e.getValue().required()) {
                    out.add("missing tensor " + e.getKey() + " " + e.getValue().shape());
                }
                continue;
            }
            TensorEntry t = found.get();
            if (!t.shape().equals(e.getValue().shape())) {
                out.add(t.file().getFileName() + ": " + t.name() + " has shape " + t.shape() + ", expected "
                        + e.getValue().shape());
            } else if (TensorEntry.elementBytes(t.dtype()) < 0) {
                out.add(t.file().getFileName() + ": " + t.name() + " has dtype " + t.dtype() + ", expected F32, F16 or BF16");
            } else if (t.length() > TensorReader.MAX_BYTES) {
                out.add(t.file().getFileName() + ": " + t.name() + " has " + t.length() + " bytes, more than the "
                        + TensorReader.MAX_BYTES + " one buffer holds (store it as F16 or BF16)");
            }
        }
        return out;
    }

    /** Throws one line naming the folder and every mismatch (the first {@value #SHOWN}, then a count). */
    public void check(Checkpoint c) throws CheckpointException {
        List<String> found = mismatches(c);
        if (found.isEmpty()) {
            return;
        }
        int shown = Math.min(SHOWN, found.size());
        String rest = found.size() > shown ? "; and " + (found.size() - shown) + " more" : "";
        throw new CheckpointException(c.dir() + ": the weights do not match config.json (" + found.size()
                + (found.size() == 1 ? " problem" : " problems") + "): " + String.join("; ", found.subList(0, shown)) + rest);
    }

    /** Collects expectations; a name given twice with two shapes is a bug in the family, refused. */
    public static final class Builder {
        private final Map<String, Expected> tensors = new LinkedHashMap<>();

        private Builder() {}

        public Builder tensor(String name, long... shape) {
            return put(name, new Expected(new Shape(shape), true));
        }

        /** A tensor the loader reads when present and does without otherwise. */
        public Builder optional(String name, long... shape) {
            return put(name, new Expected(new Shape(shape), false));
        }

        /** {@code name.weight} (out, in) and, with {@code bias}, {@code name.bias} (out), as nn.Linear stores them. */
        public Builder linear(String name, int in, int out, boolean bias) {
            tensor(name + ".weight", out, in);
            return bias ? tensor(name + ".bias", out) : this;
        }

        public Builder layerNorm(String name, int dim) {
            return tensor(name + ".weight", dim).tensor(name + ".bias", dim);
        }

        public Builder rmsNorm(String name, int dim) {
            return tensor(name + ".weight", dim);
        }

        private Builder put(String name, Expected e) {
            Expected before = tensors.put(name, e);
            if (before != null && !before.equals(e)) {
                throw new IllegalStateException("tensor " + name + " expected twice: " + before + " and " + e);
            }
            return this;
        }

        public ExpectedWeights build() {
            return new ExpectedWeights(tensors);
        }
    }
}
