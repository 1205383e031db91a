package io.iwpspark.lvlm.bench;

import io.iwpspark.lvlm.Media;
import io.iwpspark.lvlm.checkpoint.CheckpointException;
import io.iwpspark.lvlm.llava.LlavaModel;
import io.iwpspark.lvlm.runtime.PrepareOptions;
import io.iwpspark.lvlm.runtime.PreparedSample;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

/**
 * Milliseconds per sample of LLaVA's per-sample preparation as the sweep runs it (image processor, vision
 * tower, projector, every decoder layer on the prompt), split into the parts the prepared sample times, for
 * one PNG-decoded image and for an 8-frame clip pooled with stride 2 (the quick start's two benchmarks).
 * Not a test: {@code java -cp lvlm/target/test-classes:lvlm/target/classes:CP
 * io.iwpspark.lvlm.bench.PrepareBenchmark MODEL_DIR [SECONDS]}.
 */
public final class PrepareBenchmark {
    private PrepareBenchmark() {}

    public static void main(String[] args) throws IOException, CheckpointException {
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        try (LlavaModel model = LlavaModel.load(Path.of(args[0]))) {
            BufferedImage image = PreprocessBenchmark.decodedPng(model.config().vision().imageSize());
            String question = "What color is the square? Answer with one word.";
            for (String phase : new String[] {"warm-up", "measured"}) {
                time(phase + " image", model, Media.images(List.of(image)), question, 1, seconds);
                time(phase + " clip", model, Media.video(Collections.nCopies(8, image)), question, 2, seconds);
            }
        }
    }

    private static void time(String what, LlavaModel model, Media media, String question, int pool, double seconds) {
        PrepareOptions options = PrepareOptions.defaults().withPoolStride(pool);
        int n = 0;
        double vision = 0;
        double layers = 0;
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < seconds * 1e9) {
            try (PreparedSample s = model.prepare(media, question, options)) {
                vision += s.visionMs();
                layers += s.layersMs(s.depth());
            }
            n++;
        }
        double total = (System.nanoTime() - t0) / 1e6 / n;
        System.out.printf("%s: %d samples, %.3f ms per sample (vision tower + projector %.3f, decoder layers %.3f, "
                + "the rest %.3f)%n", what, n, total, vision / n, layers / n, total - (vision + layers) / n);
    }
}
