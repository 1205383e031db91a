package io.iwpspark.lvlm.llavanextvideo;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.iwpspark.lvlm.Lvlm;
import io.iwpspark.lvlm.Media;
import io.iwpspark.lvlm.ModelCard;
import io.iwpspark.lvlm.checkpoint.Checkpoint;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.lvlm.checkpoint.WeightNames;
import io.iwpspark.lvlm.generation.Generation;
import io.iwpspark.lvlm.generation.GenerationOptions;
import io.iwpspark.lvlm.generation.GenerationOutcome;
import io.iwpspark.lvlm.generation.SampleRequest;
import io.iwpspark.lvlm.generation.Generator;
import io.iwpspark.lvlm.llama.LlamaDecoder;
import io.iwpspark.lvlm.llava.Projector;
import io.iwpspark.lvlm.llavanext.NextEncoder;
import io.iwpspark.lvlm.llavanext.NextImageProcessor;
import io.iwpspark.lvlm.runtime.ChatPrompts;
import io.iwpspark.lvlm.runtime.ModelLoading;
import io.iwpspark.lvlm.runtime.Prefill;
import io.iwpspark.lvlm.runtime.PrepareOptions;
import io.iwpspark.lvlm.runtime.PreparedSample;
import io.iwpspark.lvlm.runtime.PromptTokens;
import io.iwpspark.lvlm.runtime.VisualTokens;
import io.iwpspark.lvlm.vision.ClipVisionTower;
import io.iwpspark.pruning.Pruner;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * A Hugging Face LLaVA-NeXT-Video checkpoint (transformers 5.24 LlavaNextVideoForConditionalGeneration and
 * LlavaNextVideoProcessor) on DJL. One image per sample goes through LLaVA-NeXT's anyres exactly as the
 * llava_next family ({@link NextImageProcessor}, {@link NextEncoder}); a video's frames go through
 * {@link VideoFrames} and {@link VideoEncoder}. The placeholder ({@code <image>} or {@code <video>}) is
 * expanded to the rows' count, which equals the processor's (g*g // 4 per frame, checked in the config).
 */
public final class NextVideoModel implements Lvlm {
    private final NextVideoConfig config;
    private final Device device;
    private final DataType dtype;
    private final NDManager manager;
    private final NextImageProcessor images;
    private final VideoFrames frames;
    private final PromptTokens tokens;
    private final ChatPrompts chat;
    private final NextEncoder imageEncoder;
    private final VideoEncoder videoEncoder;
    private final LlamaDecoder decoder;
    private final Generator generator;

    private NextVideoModel(NextVideoConfig config, Device device, DataType dtype, NDManager manager,
            NextImageProcessor images, VideoFrames frames, PromptTokens tokens, ChatPrompts chat,
            NextEncoder imageEncoder, VideoEncoder videoEncoder, LlamaDecoder decoder, Projector projector) {
        this.config = config;
        this.device = device;
        this.dtype = dtype;
        this.manager = manager;
        this.images = images;
        this.frames = frames;
        this.tokens = tokens;
        this.chat = chat;
        this.imageEncoder = imageEncoder;
        this.videoEncoder = videoEncoder;
        this.decoder = decoder;
        this.generator = new Generator(decoder, projector::apply, tokens::decode, config.base()::isEos,
                new NextVideoCost(config), NextVideoFamily.card(config));
    }

    /** Loads config, weights, tokenizer, image and video processor settings and chat template from {@code dir}. */
    public static NextVideoModel load(Path dir, Device device, DataType dtype) throws CheckpointException {
        ModelLoading.requireDtype(dtype);
        NextVideoConfig cfg = NextVideoConfig.read(dir);
        NextImageProcessor images = NextImageProcessor.load(dir, cfg.next());
        VideoFrames frames = VideoFrames.load(dir, cfg.base().vision().imageSize());
        Checkpoint ckpt = Checkpoint.open(dir);
        return ModelLoading.load(dir, device, (m, tok) -> {
            ClipVisionTower tower = new ClipVisionTower(ckpt, m, dtype, cfg.base());
            Projector projector = new Projector(ckpt, m, dtype, cfg.base());
            NDArray newline = ckpt.load(m, dtype, WeightNames.IMAGE_NEWLINE, cfg.base().text().hidden());
            LlamaDecoder decoder = new LlamaDecoder(ckpt, m, dtype, cfg.base().text());
            ChatPrompts chat = ChatPrompts.load(dir, tok, null);
            return new NextVideoModel(cfg, device, dtype, m, images, frames, tok, chat,
                    new NextEncoder(cfg.next(), tower, projector, newline), new VideoEncoder(cfg, tower, projector),
                    decoder, projector);
        });
    }

    public NextVideoConfig config() {
        return config;
    }

    @Override
    public ModelCard card() {
        return NextVideoFamily.card(config);
    }

    /** The prompt ids through the checkpoint's chat template, its one placeholder unexpanded. */
    @Override
    public int[] promptIds(String question, Media.Kind media) {
        return chat.ids(question, media);
    }

    /** (F, 3, S, S) pixel values of a video's frames, as the (torchvision) video processor makes them. */
    public float[] videoPixels(List<java.awt.image.BufferedImage> video) {
        return frames.pixels(video);
    }

    /** (1 + crops, 3, S, S) pixel values of one image (LLaVA-NeXT's anyres tiles), flattened. */
    public float[] imagePixels(java.awt.image.BufferedImage image) {
        return images.process(image).values();
    }

    @Override
    public PreparedSample prepare(Media media, String question, PrepareOptions options) {
        int[] ids = promptIds(question, media.kind());
        if (media.kind() == Media.Kind.VIDEO) {
            return prepareVideo(videoPixels(media.frames()), media.frames().size(), ids, options);
        }
        if (media.frames().size() != 1) {
            throw new IllegalArgumentException(NextVideoConfig.MODEL_TYPE + " takes one image per sample (one <image> "
                    + "placeholder), found " + media.frames().size());
        }
        NextImageProcessor.Pixels pixels = images.process(media.frames().get(0));
        return prefill(sm -> imageEncoder.encode(sm, pixels, dtype, options.anyresUnpad()), ids,
                config.base().imageTokenId(), options);
    }

    /** The shared prefix of a video from (F, 3, S, S) pixel values and prompt ids holding one {@code <video>}. */
    public PreparedSample prepareVideo(float[] pixels, int frameCount, int[] promptIds, PrepareOptions options) {
        return prefill(sm -> videoEncoder.encode(sm, pixels, frameCount, dtype), promptIds, config.videoTokenId(), options);
    }

    private PreparedSample prefill(Function<NDManager, VisualTokens> encode, int[] promptIds, int placeholder,
            PrepareOptions options) {
        if (options.poolStride() != 1) {
            throw new IllegalArgumentException("poolStride must be 1 for " + NextVideoConfig.MODEL_TYPE + " (its videos "
                    + "are already pooled by spatial_pool_stride " + config.poolStride() + " per frame, as transformers "
                    + "does), found " + options.poolStride());
        }
        return Prefill.prepare(manager, decoder, encode, promptIds, placeholder, options, device.isGpu());
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
