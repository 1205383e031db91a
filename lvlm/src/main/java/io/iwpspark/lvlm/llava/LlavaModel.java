package io.iwpspark.lvlm.llava;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.iwpspark.lvlm.Lvlm;
import io.iwpspark.lvlm.Media;
import io.iwpspark.lvlm.ModelCard;
import io.iwpspark.lvlm.checkpoint.Checkpoint;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.lvlm.checkpoint.ConfigReader;
import io.iwpspark.lvlm.checkpoint.LlavaConfig;
import io.iwpspark.lvlm.generation.Generation;
import io.iwpspark.lvlm.generation.GenerationOptions;
import io.iwpspark.lvlm.generation.GenerationOutcome;
import io.iwpspark.lvlm.generation.SampleRequest;
import io.iwpspark.lvlm.generation.Generator;
import io.iwpspark.lvlm.llama.LlamaDecoder;
import io.iwpspark.lvlm.runtime.ChatPrompts;
import io.iwpspark.lvlm.runtime.ModelLoading;
import io.iwpspark.lvlm.runtime.Prefill;
import io.iwpspark.lvlm.runtime.PrepareOptions;
import io.iwpspark.lvlm.runtime.PreparedSample;
import io.iwpspark.lvlm.runtime.PromptTokens;
import io.iwpspark.lvlm.vision.ClipVisionTower;
import io.iwpspark.pruning.Need;
import io.iwpspark.pruning.Pruner;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;

/**
 * A Hugging Face LLaVA-1.5 checkpoint (model_type "llava": CLIP tower, MLP projector, LLaMA / Mistral
 * decoder) on DJL.
 *
 * <p>Shared prefix: {@link #prepare} runs the vision tower and projector once, then decoder layers
 * 0..P-1 (P = {@link PrepareOptions#prefixLayers}, all layers by default) on the full sequence,
 * keeping the hidden states entering every layer 0..P and the KV cache of layers 0..P-1. A
 * configuration whose first stage is at layer l continues from the hidden states entering
 * min(l, P), sharing the cache of the layers below (layers before a stage see every token, as in
 * FastV); the unpruned run continues from layer P. Memory per sample: (P + 1) x S x D hidden states
 * plus the KV cache, in the compute dtype. Timing: a generation's prefill milliseconds include the
 * measured vision and prefix-layer time it reused ({@link Generation#sharedPrefixMs()}).
 *
 * <p>Thread safety: the weights are read-only, so several threads may prepare and generate on
 * different samples; one sample serves one generation at a time.
 */
public final class LlavaModel implements Lvlm {
    private final LlavaConfig config;
    private final Device device;
    private final DataType dtype;
    private final NDManager manager;
    private final ImageProcessor images;
    private final PromptTokens tokens;
    private final ChatPrompts prompts;
    private final VisualEncoder encoder;
    private final LlamaDecoder decoder;
    private final Generator generator;

    private LlavaModel(LlavaConfig config, Device device, DataType dtype, NDManager manager, ImageProcessor images,
            PromptTokens tokens, ChatPrompts prompts, VisualEncoder encoder, LlamaDecoder decoder, Projector projector) {
        this.config = config;
        this.device = device;
        this.dtype = dtype;
        this.manager = manager;
        this.images = images;
        this.tokens = tokens;
        this.prompts = prompts;
        this.encoder = encoder;
        this.decoder = decoder;
        this.generator = new Generator(decoder, projector::apply, tokens::decode, config::isEos,
                new LlavaCost(config, false), LlavaFamily.card(config));
    }

    /** CPU, float32. */
    public static LlavaModel load(Path dir) throws CheckpointException {
        return load(dir, Device.cpu(), DataType.FLOAT32);
    }

    /**
     * Loads config.json, the safetensors weights (f32, f16 or bf16 on disk), tokenizer.json and
     * the image processor settings (preprocessor_config.json or processor_config.json) from {@code dir}, in {@code dtype} (FLOAT32 or FLOAT16) on {@code device}.
     */
    public static LlavaModel load(Path dir, Device device, DataType dtype) throws CheckpointException {
        ModelLoading.requireDtype(dtype);
        LlavaConfig cfg = ConfigReader.readLlava(dir);
        ImageProcessor images = new ImageProcessor(ConfigReader.readImageProcessor(dir));
        if (images.outputHeight() != cfg.vision().imageSize() || images.outputWidth() != cfg.vision().imageSize()) {
            throw new CheckpointException(dir + ": the image processor makes images of "
                    + images.outputHeight() + "x" + images.outputWidth() + " but the vision tower takes "
                    + cfg.vision().imageSize() + "x" + cfg.vision().imageSize());
        }
        Checkpoint ckpt = Checkpoint.open(dir);
        return ModelLoading.load(dir, device, (m, tok) -> {
            ClipVisionTower tower = new ClipVisionTower(ckpt, m, dtype, cfg);
            Projector projector = new Projector(ckpt, m, dtype, cfg);
            LlamaDecoder decoder = new LlamaDecoder(ckpt, m, dtype, cfg.text());
            ChatPrompts prompts = ChatPrompts.load(dir, tok, ChatPrompt::llava15);
            return new LlavaModel(cfg, device, dtype, m, images, tok, prompts, new VisualEncoder(cfg, tower, projector),
                    decoder, projector);
        });
    }

    public LlavaConfig config() {
        return config;
    }

    public Device device() {
        return device;
    }

    public DataType dtype() {
        return dtype;
    }

    /** Every pruner input: CLIP has a CLS token, so CLS attention too. */
    static final EnumSet<Need> SUPPLIES = EnumSet.allOf(Need.class);

    @Override
    public ModelCard card() {
        return LlavaFamily.card(config);
    }

    /** The prompt ids of a question about an image (one image token, not yet expanded). */
    public int[] promptIds(String question) {
        return promptIds(question, Media.Kind.IMAGE);
    }

    /**
     * Through the checkpoint's chat template (LLaVA-1.5's conversation format when it ships none). LLaVA-1.5
     * shows a video as one image placeholder whose visual tokens are every frame's, in order.
     */
    @Override
    public int[] promptIds(String question, Media.Kind media) {
        return prompts.ids(question, Media.Kind.IMAGE);
    }

    /** (F * 3 * H * W) pixel values of frames (one image = one frame), as the CLIP image processor makes them. */
    public float[] pixels(List<BufferedImage> frames) {
        int side = config.vision().imageSize();
        int per = 3 * side * side;
        float[] out = new float[frames.size() * per];
        for (int f = 0; f < frames.size(); f++) {
            System.arraycopy(images.process(frames.get(f)), 0, out, f * per, per);
        }
        return out;
    }

    public PreparedSample prepare(List<BufferedImage> frames, String question) {
        return prepare(frames, question, PrepareOptions.defaults());
    }

    /** Frames shown as images (for LLaVA-1.5, the same as a video: every frame's tokens in order). */
    public PreparedSample prepare(List<BufferedImage> frames, String question, PrepareOptions options) {
        return prepare(Media.images(frames), question, options);
    }

    @Override
    public PreparedSample prepare(Media media, String question, PrepareOptions options) {
        return prepare(pixels(media.frames()), media.frames().size(), promptIds(question, media.kind()), options);
    }

    /**
     * The shared prefix from pixel values and prompt ids (one image token, expanded here to the
     * visual block).
     *
     * @param pixels (F * 3 * H * W) normalised pixel values
     */
    public PreparedSample prepare(float[] pixels, int frames, int[] promptIds, PrepareOptions options) {
        return Prefill.prepare(manager, decoder, sm -> encoder.encode(sm, pixels, frames, dtype, options.poolStride()),
                promptIds, config.imageTokenId(), options, device.isGpu());
    }

    @Override
    public Generation generate(PreparedSample sample, Pruner pruner, int budget, GenerationOptions options) {
        return generator.generate(sample, pruner, budget, options);
    }

    @Override
    public List<GenerationOutcome> generateAll(List<SampleRequest> requests, int batchSize) {
        return generator.generateAll(requests, batchSize);
    }

    @Override
    public float[][] promptLogits(PreparedSample sample) {
        return Prefill.promptLogits(decoder, sample);
    }

    @Override
    public void close() {
        tokens.close();
        manager.close();
    }
}
