package io.iwpspark.lvlm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iwpspark.lvlm.generation.Generation;
import io.iwpspark.lvlm.generation.GenerationOutcome;
import io.iwpspark.lvlm.generation.GenerationRequest;
import io.iwpspark.lvlm.generation.GenerationOptions;
import io.iwpspark.lvlm.hook.HookOptions;
import io.iwpspark.lvlm.llava.LlavaModel;
import io.iwpspark.lvlm.runtime.PrepareOptions;
import io.iwpspark.lvlm.runtime.PreparedSample;
import io.iwpspark.pruning.Need;
import io.iwpspark.pruning.PruneInputs;
import io.iwpspark.pruning.Pruner;
import io.iwpspark.pruning.Selection;
import io.iwpspark.pruning.Stage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Generations per second on the inputs tools/bench_transformers.py wrote (pixels, prompt, kept visual
 * indices per configuration, transformers' generated ids): greedy, 4 new tokens, kept tokens
 * re-indexed 0..S'-1 as transformers numbers a shortened inputs_embeds. "single": prepare + one
 * unpruned generation per sample; "sweep": one prepare per sample, then every configuration (a
 * fixed-index stage before layer 0, configuration 0 unpruned; a fifth argument N > 1 continues them as
 * ragged batches of N, as the sweep's batch_size does). Every generation's ids are checked
 * against transformers'. Times: wall and the calling thread's CPU time (with one PyTorch thread every op
 * runs on it, so the CPU time holds on a loaded machine). Not a test: run it with the command in docs/PERFORMANCE.md, with
 * -Dai.djl.pytorch.num_threads=1.
 */
public final class GenerationBenchmark {
    private GenerationBenchmark() {}

    public static void main(String[] args) throws IOException {
        Path model = Path.of(args[0]);
        Path in = Path.of(args[1]);
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        String only = args.length > 3 ? args[3] : "both"; // single | sweep | both
        int batch = args.length > 4 ? Integer.parseInt(args[4]) : 1; // the sweep's batch_size (1: one by one)
        JsonNode inputs = new ObjectMapper().readTree(in.resolve("inputs.json").toFile());
        JsonNode hfIds = new ObjectMapper().readTree(in.resolve("hf-ids.json").toFile());
        int[] prompt = ints(inputs.get("prompt"));
        List<int[]> kept = new ArrayList<>();
        inputs.get("kept").forEach(k -> kept.add(ints(k)));
        List<float[]> pixels = new ArrayList<>();
        for (int i = 0; i < inputs.get("samples").asInt(); i++) {
            pixels.add(floats(in.resolve("pixels-" + i + ".f32")));
        }
        GenerationOptions opts = GenerationOptions.defaults().withMaxNewTokens(4).withDualWeightError(false)
                .withPositions(HookOptions.PositionMode.REINDEX);
        try (LlavaModel m = LlavaModel.load(model)) {
            if (!only.equals("sweep")) {
                report("single", pixels.size(), repeats, true, () -> {
                    for (float[] px : pixels) {
                        try (PreparedSample p = m.prepare(px, 1, prompt, PrepareOptions.defaults())) {
                            run(m, p, kept.get(0), 0, opts);
                        }
                    }
                });
            }
            if (!only.equals("single")) {
                sweep(m, pixels, prompt, kept, hfIds, repeats, opts, batch);
            }
        }
        System.out.println("load average " + PrefillBenchmark.loadAverage());
    }

    /** Every configuration of every sample, one prepare per sample; checks each generation's ids. */
    private static void sweep(LlavaModel m, List<float[]> pixels, int[] prompt, List<int[]> kept, JsonNode hfIds,
            int repeats, GenerationOptions opts, int batch) {
        int[] mismatches = {0};
        // the first pass is the sweep's warm-up and checks every generation against transformers'
        report(batch == 1 ? "sweep" : "sweep, batch_size " + batch, pixels.size() * kept.size(), repeats, false, () -> {
            for (int s = 0; s < pixels.size(); s++) {
                try (PreparedSample p = m.prepare(pixels.get(s), 1, prompt, PrepareOptions.defaults())) {
                    List<GenerationOutcome> batched = batch == 1 ? null : m.generateAll(p, requests(kept, opts), batch);
                    for (int c = 0; c < kept.size(); c++) {
                        int[] ids = batch == 1 ? run(m, p, kept.get(c), c, opts).ids() : batched.get(c).get().ids();
                        int[] hf = ints(hfIds.get(s).get(c));
                        if (!Arrays.equals(ids, hf)) {
                            mismatches[0]++;
                            System.out.println("sample " + s + " configuration " + c + ": ids "
                                    + Arrays.toString(ids) + ", transformers " + Arrays.toString(hf));
                        }
                    }
                }
            }
        });
        int n = pixels.size() * kept.size() * (repeats + 1);
        System.out.println("ids equal to transformers' in " + (n - mismatches[0]) + " of " + n + " generations");
    }

    /** The configurations as one sample's requests, in order: configuration 0 unpruned, then the fixed kept sets. */
    private static List<GenerationRequest> requests(List<int[]> kept, GenerationOptions opts) {
        List<GenerationRequest> out = new ArrayList<>();
        for (int c = 0; c < kept.size(); c++) {
            out.add(c == 0 ? new GenerationRequest(null, 0, opts) : new GenerationRequest(new Fixed(kept.get(c)), kept.get(c).length, opts));
        }
        return out;
    }

    private static Generation run(LlavaModel m, PreparedSample p, int[] kept, int config, GenerationOptions opts) {
        return config == 0 ? m.generate(p, null, 0, opts) : m.generate(p, new Fixed(kept), kept.length, opts);
    }

    private static void report(String name, int generations, int repeats, boolean warmUp, Runnable work) {
        if (warmUp) {
            work.run();
        } else {
            repeats++; // the first of them is the warm-up
        }
        double[] s = new double[repeats];
        double[] cpu = new double[repeats];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int r = 0; r < repeats; r++) {
            long t = System.nanoTime();
            long c = threads.getCurrentThreadCpuTime();
            work.run();
            s[r] = (System.nanoTime() - t) / 1e9;
            cpu[r] = (threads.getCurrentThreadCpuTime() - c) / 1e9;
        }
        int from = warmUp ? 0 : 1;
        s = Arrays.copyOfRange(s, from, repeats);
        cpu = Arrays.copyOfRange(cpu, from, repeats);
        double min = Arrays.stream(s).min().orElseThrow();
        double minCpu = Arrays.stream(cpu).min().orElseThrow();
        System.out.printf("iwp-spark %s: %d generations, wall s min %.3f median %.3f, thread CPU s min %.3f;"
                + " generations/s (min wall) %.2f, per CPU second %.2f%n", name, generations, min,
                PrefillBenchmark.median(s), minCpu, generations / min, generations / minCpu);
    }

    private static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asInt();
        }
        return out;
    }

    private static float[] floats(Path f) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }

    /** Keeps the given visual indices before layer 0. */
    private record Fixed(int[] kept) implements Pruner {
        public String name() {
            return "fixed";
        }

        public Set<Need> needs() {
            return Set.of();
        }

        public List<Stage> plan(int numVisual, int budget, int numLayers) {
            return List.of(new Stage(0, kept.length));
        }

        public Selection select(PruneInputs inputs, Stage stage) {
            return Selection.of(kept, Map.of());
        }
    }
}
