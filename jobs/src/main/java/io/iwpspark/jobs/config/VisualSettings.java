package io.iwpspark.jobs.config;

/**
 * How a sweep turns media into visual tokens, beyond what the checkpoint fixes.
 *
 * @param poolStride spatial average pooling of each video frame's token grid (1 = none; images are
 *     never pooled); sweep key {@code pool_stride}
 * @param anyresUnpad LLaVA-NeXT / OneVision: unpad the crop features to the image's aspect ratio and
 *     add image_newline tokens, as transformers does (true, the default); false keeps every crop
 *     token without newlines (the "2880 tokens" convention of many pruning papers); sweep key
 *     {@code anyres_unpad}; other families ignore it
 */
public record VisualSettings(int poolStride, boolean anyresUnpad) implements java.io.Serializable {
    public static final VisualSettings DEFAULT = new VisualSettings(1, true);

    public VisualSettings {
        if (poolStride < 1) {
            throw new ConfigException("pool_stride must be >= 1, found " + poolStride);
        }
    }
}
