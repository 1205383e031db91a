package io.iwpspark.lvlm.onevision;

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
import io.iwpspark.lvlm.llava.Projector;
import io.iwpspark.lvlm.runtime.ChatPrompts;
import io.iwpspark.lvlm.runtime.ModelLoading;
import io.iwpspark.lvlm.runtime.Prefill;
import io.iwpspark.lvlm.runtime.PrepareOptions;
import io.iwpspark.lvlm.runtime.PreparedSample;
import io.iwpspark.lvlm.runtime.PromptTokens;
import io.iwpspark.lvlm.runtime.VisualTokens;
import io.iwpspark.lvlm.vision.SiglipVisionTower;
import io.iwpspark.pruning.Pruner;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * A Hugging Face LLaVA-OneVision checkpoint (model_type "llava_onevision": SigLIP tower, MLP projector,
 * Qwen2 decoder) on DJL, as transformers 5.24's LlavaOnevisionForConditionalGeneration and processor: a
 * video's frames are pooled 2 x 2 and end with one image_newline; one image is tiled by anyres and its
 * crop map shrunk to about N base grids (anyres_max_N); several images shown together are squares of
 * base tokens, each closed by an image_newline. The shared prefix, generation and pruning hook are the
 * runtime's ({@link Prefill}, {@link Generator}), as for LLaVA-1.5; every pruner input but CLS attention
 * is served (SigLIP has no CLS token).
 *
 * <p>Thread safety: the weights are read-only, so several threads may prepare and generate on
 * different samples; one sample serves one generation at a time.
 */
public final class OnevisionModel implements Lvlm {
    private final OnevisionConfig config;
    private final Device device;
    private final DataType dtype;
    private final NDManager manager;
    private final FrameSettings imageSettings;
    private final List<Size> pinpoints; // (height, width)
    private final FrameSettings videoSettings;
    private final PromptTokens tokens;
    private final ChatPrompts chat;
    private final OnevisionEncoder encoder;
    private final LlamaDecoder decoder;
    private final Generator generator;

    private OnevisionModel(OnevisionConfig config, Device device, DataType dtype, NDManager manager, FrameSettings imageSettings,
            FrameSettings videoSettings, PromptTokens tokens, ChatPrompts chat, OnevisionEncoder encoder,
            LlamaDecoder decoder, Projector projector) {
        this.config = config;
        this.device = device;
        this.dtype = dtype;
        this.manager = manager;
        this.imageSettings = imageSettings;
        this.pinpoints = config.pinpoints().stream().map(p -> new Size(p[0], p[1])).toList();
        this.videoSettings = videoSettings;
        this.tokens = tokens;
        this.chat = chat;
        this.encoder = encoder;
        this.decoder = decoder;
        this.generator = new Generator(decoder, projector::apply, tokens::decode, config::isEos,
                new OnevisionCost(config), OnevisionFamily.card(config));
    }

    public static OnevisionModel load(Path dir) throws CheckpointException {
        return load(dir, Device.cpu(), DataType.FLOAT32);
    }

    /**
     * Loads config.json, the safetensors weights, tokenizer.json, the chat template and the image / video
     * processor settings from {@code dir}, in {@code dtype} (FLOAT32 or FLOAT16) on {@code device}.
     */
    public static OnevisionModel load(Path dir, Device device, DataType dtype) throws CheckpointException {
        ModelLoading.requireDtype(dtype);
        OnevisionConfig cfg = OnevisionConfigReader.read(dir);
        FrameSettings images = OnevisionConfigReader.frames(dir, "image_processor");
        FrameSettings videos = OnevisionConfigReader.frames(dir, "video_processor");
        int side = cfg.vision().imageSize();
        for (FrameSettings s : new FrameSettings[] {images, videos}) {
            if (s.height() != side || s.width() != side) {
                throw new CheckpointException(dir + ": the processors make pictures of " + s.height() + "x" + s.width()
                        + " but the vision tower takes " + side + "x" + side);
            }
        }
        for (int[] p : cfg.pinpoints()) {
            if (p[0] % side != 0 || p[1] % side != 0) {
                throw new CheckpointException(dir.resolve("config.json") + ": image_grid_pinpoints entries must be multiples "
                        + "of the tower's image_size " + side + ", found [" + p[0] + ", " + p[1] + "]");
            }
        }
        Checkpoint ckpt = Checkpoint.open(dir);
        return ModelLoading.load(dir, device, (m, tok) -> {
            SiglipVisionTower tower = new SiglipVisionTower(ckpt, m, dtype, cfg.vision(), cfg.resolvedFeatureLayers());
            int d = cfg.text().hidden();
            Projector projector = new Projector(ckpt, m, dtype, cfg.projectorInput(), d, cfg.projectorBias());
            NDArray newline = ckpt.load(m, dtype, WeightNames.IMAGE_NEWLINE, d).reshape(1, d);
            LlamaDecoder decoder = new LlamaDecoder(ckpt, m, dtype, cfg.text());
            ChatPrompts chat = ChatPrompts.load(dir, tok, null);
            return new OnevisionModel(cfg, device, dtype, m, images, videos, tok, chat,
                    new OnevisionEncoder(cfg, tower, projector, newline), decoder, projector);
        });
    }

    public OnevisionConfig config() {
        return config;
    }

    OnevisionEncoder encoder() {
        return encoder;
    }

    @Override
    public ModelCard card() {
        return OnevisionFamily.card(config);
    }

    /**
     * The prompt ids of a question about an image or a video through the checkpoint's chat template, its one
     * placeholder unexpanded ({@code <image>} or {@code <video>}).
     */
    @Override
    public int[] promptIds(String question, Media.Kind media) {
        return chat.ids(question, media);
    }

    /** (F, 3, S, S) pixel values of a video's frames, as the (torchvision) video processor makes them. */
    public float[] videoPixels(Media video) {
        return FramePixels.frames(video.frames(), videoSettings);
    }

    @Override
    public PreparedSample prepare(Media media, String question, PrepareOptions options) {
        int[] ids = promptIds(question, media.kind());
        if (media.kind() == Media.Kind.VIDEO) {
            return prepareVideo(videoPixels(media), media.frames().size(), ids, options);
        }
        if (media.frames().size() > 1) {
            return prepareImages(imagesPixels(media), media.frames().size(), ids, options);
        }
        AnyresImage image = imagePixels(media.frames().get(0));
        return prepareImage(image.pixels(), image.grid(), ids, options);
    }

    /** The image processor's tiles of one image (Pillow bicubic) and how they were cut. */
    public AnyresImage imagePixels(BufferedImage image) {
        return AnyresImage.of(image, pinpoints, imageSettings);
    }

    /** (N, 3, S, S) pixel values of several images shown together: mean-colour squares, no anyres. */
    public float[] imagesPixels(Media images) {
        return FramePixels.squares(images.frames(), imageSettings);
    }

    /**
     * The shared prefix of several images shown together. The chat template writes one {@code <image>}
     * per image, consecutively, and the processor expands each to g^2 + 1 tokens; the prompt here holds
     * one placeholder, expanded to all N (g^2 + 1) slots, which gives the same ids.
     *
     * @param pixels (N, 3, S, S) normalised squares
     */
    public PreparedSample prepareImages(float[] pixels, int images, int[] promptIds, PrepareOptions options) {
        return prefill(sm -> encoder.images(sm, pixels, images, dtype), promptIds, config.imageTokenId(), options);
    }

    /**
     * The shared prefix of an image from its tiles and prompt ids (one {@code <image>} token, expanded
     * here to the packed block's length as LlavaOnevisionProcessor does; {@link PrepareOptions#anyresUnpad}
     * false packs the original LLaVA "spatial" way instead, every tile token, no newline).
     *
     * @param pixels (1 + crops, 3, S, S) normalised tiles, base first
     * @param grid how the image was tiled ({@link AnyresImage#grid})
     */
    public PreparedSample prepareImage(float[] pixels, CropGrid grid, int[] promptIds, PrepareOptions options) {
        return prefill(sm -> encoder.image(sm, pixels, grid, dtype, options.anyresUnpad()), promptIds, config.imageTokenId(),
                options);
    }

    /**
     * The shared prefix of a video from its pixel values and prompt ids (one {@code <video>} token,
     * expanded here to F * ceil(g/2)^2 + 1 slots as LlavaOnevisionProcessor does).
     *
     * @param pixels (F, 3, S, S) normalised frames
     */
    public PreparedSample prepareVideo(float[] pixels, int frames, int[] promptIds, PrepareOptions options) {
        return prefill(sm -> encoder.video(sm, pixels, frames, dtype), promptIds, config.videoTokenId(), options);
    }

    private PreparedSample prefill(Function<NDManager, VisualTokens> encode, int[] promptIds, int placeholder,
            PrepareOptions options) {
        if (options.poolStride() != 1) {
            throw new IllegalArgumentException("poolStride must be 1 for " + OnevisionConfigReader.MODEL_TYPE + " (its videos "
                    + "are already pooled 2 x 2 bilinearly per frame, as transformers does), found " + options.poolStride());
        }
        return Prefill.prepare(manager, decoder, encode, promptIds, placeholder, options, device.isGpu());
    }

    /** Refuses a pruner needing CLS attention (SigLIP has no CLS token): the generator checks the card's supplies. */
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
