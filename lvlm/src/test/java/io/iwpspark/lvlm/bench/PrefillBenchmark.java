package io.iwpspark.lvlm.bench;

import io.iwpspark.lvlm.generation.Generation;
import io.iwpspark.lvlm.generation.GenerationOptions;
import io.iwpspark.lvlm.llava.LlavaModel;
import io.iwpspark.lvlm.runtime.PrepareOptions;
import io.iwpspark.lvlm.runtime.PreparedSample;
import io.iwpspark.pruning.Need;
import io.iwpspark.pruning.PruneInputs;
import io.iwpspark.pruning.Pruner;
import io.iwpspark.pruning.PrunerRegistry;
import io.iwpspark.pruning.Selection;
import io.iwpspark.pruning.Stage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Prefill time against visual tokens kept, beside the analytic FLOPs ratio, and the saving of the
 * shared prefix over 10 pruning configurations of one sample, on a mid-size random LLaVA (decoder 8
 * layers, hidden 1024, SwiGLU 2816, 16 heads; 576 visual tokens from a 336 px / 14 px tower). Not a
 * test: run it with the command in docs/PERFORMANCE.md; it prints Markdown tables.
 */
public final class PrefillBenchmark {
    static final RandomCheckpoint.Sizes SIZES = new RandomCheckpoint.Sizes(8, 1024, 2816, 16, 16, 1024, 2, 256, 1024, 336, 14);

    private PrefillBenchmark() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir") + "/iwp-lvlm-bench");
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String part = args.length > 2 ? args[2] : "all"; // tokens | prefix | all
        if (!Files.exists(dir.resolve("model.safetensors"))) {
            RandomCheckpoint.write(dir, SIZES, Path.of("src/test/resources/fixtures/tiny-llava-mha/tokenizer.json"));
        }
        try (LlavaModel model = LlavaModel.load(dir)) {
            float[] pixels = new float[3 * 336 * 336];
            Random r = new Random(7);
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (float) (r.nextGaussian());
            }
            int[] ids = model.promptIds("what color is the square ? answer with one word .");
            GenerationOptions one = GenerationOptions.defaults().withMaxNewTokens(1).withDualWeightError(false);
            try (PreparedSample s = model.prepare(pixels, 1, ids, PrepareOptions.defaults())) {
                System.out.println("prompt: " + s.ids().length + " tokens, " + s.visual().count() + " visual; cores "
                        + Runtime.getRuntime().availableProcessors() + "; load average " + loadAverage() + "\n");
                if (!part.equals("prefix")) {
                    tokensKept(model, s, one, reps);
                }
            }
            if (!part.equals("tokens")) {
                sharedPrefix(model, pixels, ids, reps);
            }
        }
    }

    /** Decoder prefill (stage at layer 0, so every layer re-runs) against the tokens kept. */
    static void tokensKept(LlavaModel model, PreparedSample s, GenerationOptions one, int reps) {
        System.out.println("| visual tokens kept | tokens per layer | decoder prefill ms (min / median of " + reps
                + ") | time ratio (min) | FLOPs ratio | FastV MACs (G) |");
        System.out.println("|---|---|---|---|---|---|");
        double baseMs = 0;
        double baseFlops = 0;
        for (int budget : new int[] {576, 432, 288, 144, 64, 32}) {
            Pruner p = strided(0);
            model.generate(s, p, budget, one); // warm-up
            double[] ms = new double[reps];
            Generation g = null;
            for (int i = 0; i < reps; i++) {
                g = model.generate(s, p, budget, one);
                ms[i] = g.prefillMs() - g.sharedPrefixMs();
            }
            double min = Arrays.stream(ms).min().orElseThrow();
            if (budget == 576) {
                baseMs = min;
                baseFlops = g.prefillFlops();
            }
            System.out.printf("| %d | %d | %.0f / %.0f | %.3f | %.3f | %.1f |%n", budget, g.tokensPerLayer()[0], min,
                    median(ms), min / baseMs, g.prefillFlops() / baseFlops, g.prefillMacsFastV() / 1e9);
        }
        System.out.println();
    }

    /** Ten configurations of one sample, with one shared prefix or each run alone from the pixels. */
    static void sharedPrefix(LlavaModel model, float[] pixels, int[] ids, int reps) {
        List<Pruner> configs = new ArrayList<>();
        List<Integer> budgets = new ArrayList<>();
        configs.add(null);
        budgets.add(576);
        Pruner iwp = PrunerRegistry.load().create("iwp", Map.of());
        for (int b : new int[] {288, 144, 64}) {
            configs.add(strided(0));
            budgets.add(b);
            configs.add(strided(2));
            budgets.add(b);
        }
        configs.add(iwp);
        budgets.add(144);
        configs.add(iwp);
        budgets.add(64);
        configs.add(strided(4));
        budgets.add(64);
        GenerationOptions opts = GenerationOptions.defaults().withMaxNewTokens(8);
        double[] shared = new double[reps];
        double[] alone = new double[reps];
        for (int rep = -1; rep < reps; rep++) { // rep -1 warms up
            long t0 = System.nanoTime();
            try (PreparedSample s = model.prepare(pixels, 1, ids, PrepareOptions.defaults())) {
                for (int i = 0; i < configs.size(); i++) {
                    model.generate(s, configs.get(i), budgets.get(i), opts);
                }
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < configs.size(); i++) {
                try (PreparedSample s = model.prepare(pixels, 1, ids, PrepareOptions.defaults().withPrefixLayers(0))) {
                    model.generate(s, configs.get(i), budgets.get(i), opts);
                }
            }
            long t2 = System.nanoTime();
            if (rep >= 0) {
                shared[rep] = (t1 - t0) / 1e6;
                alone[rep] = (t2 - t1) / 1e6;
            }
        }
        System.out.println("| 10 configurations of one sample (8 new tokens each) | wall ms, min / median of " + reps + " |");
        System.out.println("|---|---|");
        double minAlone = Arrays.stream(alone).min().orElseThrow();
        double minShared = Arrays.stream(shared).min().orElseThrow();
        System.out.printf("| each run alone (vision + all layers per configuration) | %.0f / %.0f |%n", minAlone, median(alone));
        System.out.printf("| shared prefix (vision + all layers once, each configuration from its first stage) | %.0f / %.0f |%n",
                minShared, median(shared));
        System.out.printf("| saving (min) | %.1f %% |%n", 100 * (1 - minShared / minAlone));
        System.out.println("\nload average at the end: " + loadAverage());
    }

    /** Keeps B evenly spaced tokens (index floor(i N / B)) before layer {@code layer}. */
    static Pruner strided(int layer) {
        return new Pruner() {
            public String name() {
                return "strided@" + layer;
            }

            public Set<Need> needs() {
                return Set.of();
            }

            public List<Stage> plan(int numVisual, int budget, int numLayers) {
                return List.of(new Stage(layer, budget));
            }

            public Selection select(PruneInputs in, Stage stage) {
                int[] kept = new int[stage.keep()];
                for (int i = 0; i < kept.length; i++) {
                    kept[i] = (int) ((long) i * in.numVisual() / stage.keep());
                }
                return Selection.of(kept, Map.of());
            }
        };
    }

    /** The machine's 1/5/15-minute load averages (shared machines make timings noisy). */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
