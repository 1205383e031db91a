package io.iwpspark.lvlm;

import ai.djl.ndarray.NDArray;
import io.iwpspark.lvlm.nn.Rows;
import io.iwpspark.pruning.MergeSpace;
import io.iwpspark.pruning.Need;
import io.iwpspark.pruning.PruneInputs;
import io.iwpspark.pruning.Pruner;
import io.iwpspark.pruning.Selection;
import io.iwpspark.pruning.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Small pruners whose selections are known in advance, for testing the hook. */
final class TestPruners {
    private TestPruners() {}

    /** Keeps fixed indices at one layer. */
    static Pruner fixed(int layer, int... kept) {
        return new Pruner() {
            public String name() {
                return "fixed";
            }

            public Set<Need> needs() {
                return Set.of();
            }

            public List<Stage> plan(int numVisual, int budget, int numLayers) {
                return List.of(new Stage(layer, kept.length));
            }

            public Selection select(PruneInputs inputs, Stage stage) {
                return Selection.of(kept, Map.of());
            }
        };
    }

    /**
     * A registered pruner with its defaults, except HoliTom's inner layer (official 18), placed at half the depth of
     * these small decoders.
     */
    static Pruner registered(io.iwpspark.pruning.PrunerRegistry registry, String name, int layers) {
        return registry.create(name, name.equals("holitom") ? Map.of("innerLayer", String.valueOf(layers / 2)) : Map.of());
    }

    /** Keeps indices 0..n-1 of the tokens present, at each (layer, n) pair. */
    static Pruner prefixes(int[] layers, int[] keeps) {
        return new Pruner() {
            public String name() {
                return "prefixes";
            }

            public Set<Need> needs() {
                return Set.of();
            }

            public List<Stage> plan(int numVisual, int budget, int numLayers) {
                List<Stage> s = new ArrayList<>();
                for (int i = 0; i < layers.length; i++) {
                    s.add(new Stage(layers[i], keeps[i]));
                }
                return s;
            }

            public Selection select(PruneInputs inputs, Stage stage) {
                int[] kept = new int[stage.keep()];
                for (int i = 0; i < kept.length; i++) {
                    kept[i] = i;
                }
                return Selection.of(kept, Map.of("present", (double) inputs.numVisual()));
            }
        };
    }

    /**
     * Keeps {@code kept} and returns one merged token that is a copy of token {@code source}'s
     * vision features (VISION_FEATURES) or hidden state (HIDDEN).
     */
    static Pruner mergeCopy(int layer, MergeSpace space, int source, int... kept) {
        return new Pruner() {
            public String name() {
                return "merge-copy";
            }

            public Set<Need> needs() {
                return Set.of(space == MergeSpace.HIDDEN ? Need.VISUAL_HIDDEN : Need.VISION_FEATURES);
            }

            public List<Stage> plan(int numVisual, int budget, int numLayers) {
                return List.of(new Stage(layer, kept.length + 1));
            }

            public Selection select(PruneInputs inputs, Stage stage) {
                NDArray from = space == MergeSpace.HIDDEN ? inputs.visualHidden() : inputs.visionFeatures();
                NDArray merged = Rows.take(from.getManager(), from, new int[] {source});
                return new Selection(kept, merged, space, Map.of());
            }
        };
    }

    /** Asks for every need at one layer, records the inputs' arrays as float arrays, keeps the first k. */
    static final class Recording implements Pruner {
        final int layer;
        final int keep;
        PruneInputs seen;
        final Map<String, float[]> values = new java.util.TreeMap<>();
        final Map<String, long[]> shapes = new java.util.TreeMap<>();

        Recording(int layer, int keep) {
            this.layer = layer;
            this.keep = keep;
        }

        public String name() {
            return "recording";
        }

        public Set<Need> needs() {
            Set<Need> all = java.util.EnumSet.allOf(Need.class);
            if (layer == 0) {
                all.remove(Need.LAST_TOKEN_ATTENTION);
                all.remove(Need.TEXT_TO_VISUAL_ATTENTION);
            }
            return all;
        }

        public List<Stage> plan(int numVisual, int budget, int numLayers) {
            return List.of(new Stage(layer, keep));
        }

        public Selection select(PruneInputs in, Stage stage) {
            seen = in;
            record("keys", in.keys());
            record("values", in.values());
            record("textKeys", in.textKeys());
            record("lastTokenAttention", in.lastTokenAttention());
            record("lastTokenAttentionAtStage", in.lastTokenAttentionAtStage());
            record("textToVisualAttention", in.textToVisualAttention());
            record("clsAttention", in.clsAttention());
            record("visionKeys", in.visionKeys());
            record("visionFeatures", in.visionFeatures());
            record("visualHidden", in.visualHidden());
            record("textHidden", in.textHidden());
            int[] kept = new int[stage.keep()];
            for (int i = 0; i < kept.length; i++) {
                kept[i] = i;
            }
            return Selection.of(kept, Map.of());
        }

        private void record(String name, NDArray a) {
            if (a != null) {
                values.put(name, a.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray());
                shapes.put(name, a.getShape().getShape());
            }
        }
    }
}
