package io.iwpspark.lvlm.llavanext;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.iwpspark.lvlm.Lvlm;
import io.iwpspark.lvlm.Media;
import io.iwpspark.lvlm.ModelCard;
import io.iwpspark.lvlm.anyres.CropGrid;
import io.iwpspark.lvlm.anyres.Size;
import io.iwpspark.lvlm.checkpoint.Checkpoint;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.lvlm.checkpoint.WeightNames;
import io.iwpspark.lvlm.generation.Generation;
import io.iwpspark.lvlm.generation.GenerationOptions;
import io.iwpspark.lvlm.generation.GenerationOutcome;
import io.iwpspark.lvlm.generation.SampleRequest;
import io.iwpspark.lvlm.generation.Generator;
import io.iwpspark.lvlm.llama.LlamaDecoder;
import io.iwpspark.lvlm.llava.LlavaCost;
import io.iwpspark.lvlm.llava.Projector;
import io.iwpspark.lvlm.runtime.ChatPrompts;
import io.iwpspark.lvlm.runtime.ModelLoading;
import io.iwpspark.lvlm.runtime.Prefill;
import io.iwpspark.lvlm.runtime.PrepareOptions;
import io.iwpspark.lvlm.runtime.PreparedSample;
import io.iwpspark.lvlm.runtime.PromptTokens;
import io.iwpspark.lvlm.vision.ClipVisionTower;
import io.iwpspark.pruning.Pruner;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * A Hugging Face LLaVA-NeXT checkpoint (model_type "llava_next": CLIP tower on anyres tiles, MLP
 * projector, image_newline, LLaMA / Mistral / Qwen2 decoder) on DJL. The shared prefix, its memory and
 * timing are as for LLaVA-1.5 ({@link io.iwpspark.lvlm.llava.LlavaModel}); only the visual tokens differ:
 * base image plus crops, packed by {@link NextEncoder}.
 *
 * <p>One still image per sample. Video is refused, as in transformers: LlavaNextProcessor takes images
 * only (its video sibling is the separate model_type llava_next_video), and several images would need
 * one placeholder each, which the one-image prompt does not have.
 */
public final class LlavaNextModel implements Lvlm {
    private final LlavaNextConfig config;
    private final Device device;
    private final DataType dtype;
    private final NDManager manager;
    private final NextImageProcessor images;
    private final PromptTokens tokens;
    private final ChatPrompts chat;
    private final NextEncoder encoder;
    private final LlamaDecoder decoder;
    private final Generator generator;

    private LlavaNextModel(LlavaNextConfig config, Device device, DataType dtype, NDManager manager,
            NextImageProcessor images, PromptTokens tokens, ChatPrompts chat, NextEncoder encoder,
            LlamaDecoder decoder, Projector projector) {
        this.config = config;
        this.device = device;
        this.dtype = dtype;
        this.manager = manager;
        this.images = images;
        this.tokens = tokens;
        this.chat = chat;
        this.encoder = encoder;
        this.decoder = decoder;
        this.generator = new Generator(decoder, projector::apply, tokens::decode, config.base()::isEos,
                new LlavaCost(config.base(), true), LlavaNextFamily.card(config));
    }

    /** Loads config, weights (safetensors), tokenizer, image processor settings and chat template from {@code dir}. */
    public static LlavaNextModel load(Path dir, Device device, DataType dtype) throws CheckpointException {
        ModelLoading.requireDtype(dtype);
        LlavaNextConfig cfg = LlavaNextConfig.read(dir);
        NextImageProcessor images = NextImageProcessor.load(dir, cfg);
        Checkpoint ckpt = Checkpoint.open(dir);
        return ModelLoading.load(dir, device, (m, tok) -> {
            ClipVisionTower tower = new ClipVisionTower(ckpt, m, dtype, cfg.base());
            Projector projector = new Projector(ckpt, m, dtype, cfg.base());
            NDArray newline = ckpt.load(m, dtype, WeightNames.IMAGE_NEWLINE, cfg.base().text().hidden());
            LlamaDecoder decoder = new LlamaDecoder(ckpt, m, dtype, cfg.base().text());
            ChatPrompts chat = ChatPrompts.load(dir, tok, null);
            return new LlavaNextModel(cfg, device, dtype, m, images, tok, chat,
                    new NextEncoder(cfg, tower, projector, newline), decoder, projector);
        });
    }

    public LlavaNextConfig config() {
        return config;
    }

    @Override
    public ModelCard card() {
        return LlavaNextFamily.card(config);
    }

    @Override
    public int[] promptIds(String question, Media.Kind media) {
        requireImage(media, 1);
        return chat.ids(question, Media.Kind.IMAGE);
    }

    /** (1 + crops, 3, S, S) pixel values of one image, flattened, as the processor makes them. */
    public float[] pixelValues(BufferedImage image) {
        return images.process(image).values();
    }

    @Override
    public PreparedSample prepare(Media media, String question, PrepareOptions options) {
        requireImage(media.kind(), media.frames().size());
        NextImageProcessor.Pixels pixels = images.process(media.frames().get(0));
        return prepare(pixels, promptIds(question, media.kind()), options);
    }

    /**
     * The shared prefix from pixel values (as {@link #pixelValues}) of an image of {@code imageSize}
     * and prompt ids holding one image token.
     */
    public PreparedSample prepare(float[] pixels, Size imageSize, int[] promptIds, PrepareOptions options) {
        CropGrid grid = CropGrid.plan(imageSize, config.pinpoints(), config.base().vision().imageSize());
        return prepare(new NextImageProcessor.Pixels(pixels, grid), promptIds, options);
    }

    private PreparedSample prepare(NextImageProcessor.Pixels pixels, int[] promptIds, PrepareOptions options) {
        if (options.poolStride() != 1) {
            throw new IllegalArgumentException("poolStride must be 1 for llava_next (it pools video frames, which "
                    + "LLaVA-NeXT does not take), found " + options.poolStride());
        }
        return Prefill.prepare(manager, decoder, sm -> encoder.encode(sm, pixels, dtype, options.anyresUnpad()),
                promptIds, config.base().imageTokenId(), options, device.isGpu());
    }

    private static void requireImage(Media.Kind kind, int frames) {
        if (kind == Media.Kind.VIDEO) {
            throw new IllegalArgumentException("llava_next takes no video: transformers' LlavaNextProcessor has no "
                    + "video input (LLaVA-NeXT-Video is the separate model_type llava_next_video); found a VIDEO sample");
        }
        if (frames != 1) {
            throw new IllegalArgumentException("llava_next takes one image per sample (one <image> placeholder), "
                    + "found " + frames);
        }
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
