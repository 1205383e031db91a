package io.iwpspark.pruning;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A visual-token pruner: declares what it needs and where it prunes; the runtime supplies the inputs
 * at each stage and applies the selection. Implementations are immutable and thread-safe.
 */
public interface Pruner {
    /** The stable name that appears in output tables (the registry's key). */
    String name();

    /** The inputs the runtime must fill, over all stages (what a model must be able to give). */
    Set<Need> needs();

    /**
     * The inputs the runtime must fill at {@code stage}, a subset of {@link #needs()}; the same at every stage
     * unless a pruner's stages read different things (HoliTom: vision attention before the decoder, the last
     * prompt token's attention inside it).
     */
    default Set<Need> needs(Stage stage) {
        return needs();
    }

    /**
     * The stages for a decoder of {@code numLayers} layers, N visual tokens and a budget (the tokens
     * kept by a single-stage method; the target average for a multi-stage one). Layers ascend; each
     * stage's keep is at most the previous one's.
     */
    List<Stage> plan(int numVisual, int budget, int numLayers);

    /** Selects {@code stage.keep()} tokens (kept + merged) of the {@code inputs.numVisual()} present. */
    Selection select(PruneInputs inputs, Stage stage);

    /**
     * The pruner's own choice of the keys it is handed (VISUAL_KV, TEXT_KEYS): true after the rotary
     * embedding, false before; empty to follow the run's setting. IWP carries it as its "rope" parameter.
     */
    default Optional<Boolean> keysAfterRope() {
        return Optional.empty();
    }

    /** The pruner's rule for the visual KV cache while decoding, if it has one (DyCoke); most prune the prompt only. */
    default Optional<DecodeRule> decodeRule() {
        return Optional.empty();
    }
}
