package io.iwpspark.lvlm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.iwpspark.lvlm.generation.GenerationOutcome;
import io.iwpspark.lvlm.generation.GenerationRequest;
import io.iwpspark.lvlm.generation.SampleRequest;
import io.iwpspark.lvlm.runtime.PrepareOptions;
import io.iwpspark.lvlm.runtime.PreparedSample;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Configurations of several samples continued as one ragged batch against each sample run one by
 * one: two images with prompts of different lengths and a clip (different visual counts and positions),
 * batches that straddle samples, a request of each sample that fails on its own, and DyCoke (which
 * decodes alone) among them. Ids exact, logits within 1e-4, accounting per configuration unchanged.
 */
class BatchedSamplesTest {
    private static final String FIXTURE = "tiny-onevision-a";

    @Test
    void samplesBatchedTogetherGiveEachSampleAlone() throws IOException {
        Path media = Fixtures.dir(FIXTURE).resolve("reference");
        BufferedImage image = ImageIO.read(media.resolve("image0.png").toFile());
        List<BufferedImage> frames = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            frames.add(ImageIO.read(media.resolve("video3_frame" + i + ".png").toFile()));
        }
        try (Lvlm model = ModelFamilies.load(Fixtures.dir(FIXTURE))) {
            for (int prefix : new int[] {2, 0}) {
                PrepareOptions prep = PrepareOptions.defaults().withPrefixLayers(prefix);
                try (PreparedSample a = model.prepare(Media.image(image), "Color?", prep);
                        PreparedSample b = model.prepare(Media.image(image),
                                "Describe every shape in the picture, its color and where it lies.", prep);
                        PreparedSample c = model.prepare(Media.video(frames), "What color is the square?", prep)) {
                    List<PreparedSample> samples = List.of(a, b, c);
                    List<List<GenerationRequest>> perSample = new ArrayList<>();
                    List<SampleRequest> all = new ArrayList<>();
                    for (PreparedSample s : samples) {
                        int n = s.visual().count();
                        List<GenerationRequest> requests = new ArrayList<>(BatchedGenerationTest.common(n));
                        requests.add(BatchedGenerationTest.request(
                                BatchedGenerationTest.pruner("fastv", Map.of("k", "1")), n / 2));
                        if (s == c) {
                            requests.add(BatchedGenerationTest.request(
                                    BatchedGenerationTest.pruner("dycoke", Map.of("tokensPerFrame", "2")), n / 2));
                        }
                        perSample.add(requests);
                        requests.forEach(r -> all.add(new SampleRequest(s, r)));
                    }
                    List<List<GenerationOutcome>> alone = new ArrayList<>();
                    for (int k = 0; k < samples.size(); k++) {
                        alone.add(model.generateAll(samples.get(k), perSample.get(k), 1));
                    }
                    for (int batch : new int[] {4, 7, 64}) {
                        List<GenerationOutcome> together = model.generateAll(all, batch);
                        assertEquals(all.size(), together.size());
                        int at = 0;
                        for (int k = 0; k < samples.size(); k++) {
                            for (int i = 0; i < perSample.get(k).size(); i++) {
                                String what = "prefix " + prefix + ", batch " + batch + ", sample " + k + ", request " + i;
                                GenerationOutcome x = alone.get(k).get(i);
                                GenerationOutcome y = together.get(at++);
                                if (x.error() != null) {
                                    assertNotNull(y.error(), what + ": failed alone, not in the batch");
                                    assertEquals(x.error().getMessage(), y.error().getMessage(), what);
                                    continue;
                                }
                                assertNull(y.error(), () -> what + ": " + y.error());
                                BatchedGenerationTest.same(what, x.generation(), y.generation());
                            }
                        }
                    }
                }
            }
        }
    }
}
