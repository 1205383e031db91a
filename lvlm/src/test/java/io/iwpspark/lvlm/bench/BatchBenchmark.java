package io.iwpspark.lvlm.bench;

import io.iwpspark.lvlm.Lvlm;
import io.iwpspark.lvlm.Media;
import io.iwpspark.lvlm.ModelFamilies;
import io.iwpspark.lvlm.generation.GenerationOptions;
import io.iwpspark.lvlm.generation.GenerationOutcome;
import io.iwpspark.lvlm.generation.GenerationRequest;
import io.iwpspark.lvlm.hook.HookOptions;
import io.iwpspark.lvlm.runtime.PrepareOptions;
import io.iwpspark.lvlm.runtime.PreparedSample;
import io.iwpspark.pruning.Need;
import io.iwpspark.pruning.PruneInputs;
import io.iwpspark.pruning.Pruner;
import io.iwpspark.pruning.PrunerRegistry;
import io.iwpspark.pruning.Selection;
import io.iwpspark.pruning.Stage;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Milliseconds per sample of the quick start's generations (unpruned, text-only, 7 methods x budgets
 * 8/16/32/48, 4 new tokens) through {@link Lvlm#generateAll} at several batch sizes, interleaved
 * (so a burst of load from other jobs hits every size), with the ids checked against batch size 1.
 * Not a test: run it with the command in docs/PERFORMANCE.md; it prints a Markdown table.
 *
 * <p>Arguments: model folder (default ../models/tiny-llava-shapes), repetitions (default 5), batch
 * sizes (default 1,2,4,8,16,32), image side in pixels (default 168).
 */
public final class BatchBenchmark {
    private BatchBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "../models/tiny-llava-shapes");
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int[] sizes = Arrays.stream((args.length > 2 ? args[2] : "1,2,4,8,16,32").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int side = args.length > 3 ? Integer.parseInt(args[3]) : 168;
        try (Lvlm model = ModelFamilies.load(dir)) {
            List<GenerationRequest> requests = requests();
            BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
            Random r = new Random(7);
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    image.setRGB(x, y, r.nextInt(1 << 24));
                }
            }
            try (PreparedSample s = model.prepare(Media.image(image), "What shape is in the image?",
                    PrepareOptions.defaults())) {
                System.out.println(dir + ": prompt " + s.ids().length + " tokens, " + s.visual().count() + " visual, "
                        + requests.size() + " generations; load average " + PrefillBenchmark.loadAverage() + "\n");
                List<int[]> reference = ids(model.generateAll(s, requests, 1));
                double[][] ms = new double[sizes.length][reps];
                for (int rep = -1; rep < reps; rep++) { // rep -1 warms up
                    for (int k = 0; k < sizes.length; k++) {
                        long t = System.nanoTime();
                        List<GenerationOutcome> out = model.generateAll(s, requests, sizes[k]);
                        double elapsed = (System.nanoTime() - t) / 1e6;
                        if (rep >= 0) {
                            ms[k][rep] = elapsed;
                        }
                        List<int[]> got = ids(out);
                        for (int i = 0; i < got.size(); i++) {
                            if (!Arrays.equals(got.get(i), reference.get(i))) {
                                throw new AssertionError("batch " + sizes[k] + ", request " + i + ": ids "
                                        + Arrays.toString(got.get(i)) + " differ from " + Arrays.toString(reference.get(i)));
                            }
                        }
                    }
                }
                System.out.println("| batch size | ms per sample (min / median of " + reps + ") | samples/s (median) | speed-up (median) |");
                System.out.println("|---|---|---|---|");
                double base = PrefillBenchmark.median(ms[0]);
                for (int k = 0; k < sizes.length; k++) {
                    double med = PrefillBenchmark.median(ms[k]);
                    System.out.printf("| %d | %.0f / %.0f | %.2f | %.2fx |%n", sizes[k], Arrays.stream(ms[k]).min().orElse(0),
                            med, 1000 / med, base / med);
                }
                System.out.println("\nids identical to batch size 1 at every size; load average at the end: "
                        + PrefillBenchmark.loadAverage());
            }
        }
    }

    /** The default sweep's generations of one image. */
    static List<GenerationRequest> requests() {
        GenerationOptions o = GenerationOptions.defaults().withMaxNewTokens(4);
        PrunerRegistry registry = PrunerRegistry.load();
        List<GenerationRequest> out = new ArrayList<>();
        out.add(new GenerationRequest(null, 0, o));
        out.add(new GenerationRequest(textOnly(), 0,
                o.withPositions(HookOptions.PositionMode.REINDEX).withDualWeightError(false)));
        for (String m : List.of("iwp", "random", "uniform", "fastv", "divprune", "visionzip", "pool")) {
            Pruner p = registry.create(m, m.equals("iwp") ? Map.of("lambda", "0.5") : Map.of());
            for (int b : new int[] {8, 16, 32, 48}) {
                out.add(new GenerationRequest(p, b, o));
            }
        }
        return out;
    }

    private static List<int[]> ids(List<GenerationOutcome> outcomes) {
        List<int[]> out = new ArrayList<>();
        for (GenerationOutcome o : outcomes) {
            out.add(o.get().ids());
        }
        return out;
    }

    /** Every visual token removed before layer 0 (the sweep's text-only reference). */
    private static Pruner textOnly() {
        return new Pruner() {
            public String name() {
                return "text_only";
            }

            public Set<Need> needs() {
                return Set.of();
            }

            public List<Stage> plan(int numVisual, int budget, int numLayers) {
                return List.of(new Stage(0, 0));
            }

            public Selection select(PruneInputs inputs, Stage stage) {
                return Selection.of(new int[0], Map.of());
            }
        };
    }
}
