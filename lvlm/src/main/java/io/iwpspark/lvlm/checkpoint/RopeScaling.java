package io.iwpspark.lvlm.checkpoint;

/**
 * How a decoder rescales its rotary frequencies ({@code rope_parameters} / {@code rope_scaling} of
 * a Hugging Face text_config), as transformers' ROPE_INIT_FUNCTIONS compute them.
 *
 * @param type DEFAULT (none), LINEAR (every frequency divided by factor) or LLAMA3 (Llama 3.1's
 *     wavelength-banded rescaling)
 * @param factor the scaling factor (1 for DEFAULT)
 * @param lowFreqFactor LLAMA3: wavelengths above original / low_freq_factor are divided by factor
 * @param highFreqFactor LLAMA3: wavelengths below original / high_freq_factor stay; between, smoothed
 * @param originalMaxPositions LLAMA3: original_max_position_embeddings
 */
public record RopeScaling(Type type, double factor, double lowFreqFactor, double highFreqFactor,
        int originalMaxPositions) {
    public static final RopeScaling NONE = new RopeScaling(Type.DEFAULT, 1, 0, 0, 0);

    public RopeScaling {
        if (type != Type.DEFAULT && !(factor > 0)) {
            throw new IllegalArgumentException("rope factor must be > 0, found " + factor);
        }
        if (type == Type.LLAMA3 && (!(highFreqFactor > lowFreqFactor) || !(lowFreqFactor > 0)
                || originalMaxPositions <= 0)) {
            throw new IllegalArgumentException("llama3 rope needs high_freq_factor > low_freq_factor > 0 and "
                    + "original_max_position_embeddings > 0, found " + highFreqFactor + ", " + lowFreqFactor + ", "
                    + originalMaxPositions);
        }
    }

    /** The inverse frequencies after scaling; {@code invFreq} as the default rule gives them. */
    public double[] apply(double[] invFreq) {
        double[] out = invFreq.clone();
        switch (type) {
            case DEFAULT -> { }
            case LINEAR -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] /= factor;
                }
            }
            case LLAMA3 -> {
                double lowWavelen = originalMaxPositions / lowFreqFactor;
                double highWavelen = originalMaxPositions / highFreqFactor;
                for (int i = 0; i < out.length; i++) {
                    double wavelen = 2 * Math.PI / invFreq[i];
                    if (wavelen > lowWavelen) {
                        out[i] = invFreq[i] / factor; // long wavelengths: fully rescaled
                    } else if (wavelen >= highWavelen) {
                        // The band between: interpolate between rescaled and original.
                        double smooth = (originalMaxPositions / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
                        out[i] = (1 - smooth) * invFreq[i] / factor + smooth * invFreq[i];
                    }
                }
            }
        }
        return out;
    }

    /** The rope types implemented, by their Hugging Face names. */
    public enum Type {
        DEFAULT, LINEAR, LLAMA3
    }
}
