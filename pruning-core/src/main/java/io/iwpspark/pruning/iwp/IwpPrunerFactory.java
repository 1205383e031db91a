package io.iwpspark.pruning.iwp;

import io.iwpspark.pruning.ParamSpec;
import io.iwpspark.pruning.Pruner;
import io.iwpspark.pruning.PrunerDescription;
import io.iwpspark.pruning.PrunerFactory;
import io.iwpspark.pruning.PrunerParams;
import java.util.List;

/** Registers "iwp" with the parameters of {@link IwpConfig} (names as in {@link IwpConfig#PARAMETERS}). */
public final class IwpPrunerFactory implements PrunerFactory {
    @Override
    public String name() {
        return IwpPruner.NAME;
    }

    @Override
    public PrunerDescription describe() {
        IwpConfig d = IwpConfig.DEFAULT;
        return new PrunerDescription("IWP + PC-MMR (implicit weight pruning)",
                "before decoder layer `layer` (default 0, the decoder's input)",
                "Attention at the stage layer is read as an implicit linear layer whose rank-1 terms are the visual "
                        + "tokens; each token has an information magnitude and pairs have a duplication. PC-MMR keeps the "
                        + "tokens that maximise lambda times scaled magnitude minus (1 - lambda) times duplication with "
                        + "those already kept, admitting growing chunks per round.",
                "none (this project's derivation of arXiv 2604.00757, docs/METHOD.md)",
                List.of(ParamSpec.choice("kernel", "exp", List.of("exp", "linear"),
                                "exp reads softmax attention (RKHS), linear reads W = sum v k^T literally"),
                        ParamSpec.integer("layer", d.layer(), 0, Integer.MAX_VALUE,
                                "decoder layer whose keys/values are scored and before which tokens are pruned"),
                        ParamSpec.choice("rope", "before", List.of("before", "after"),
                                "keys before or after the rotary embedding"),
                        ParamSpec.real("lambda", d.lambda(), 0, 1, "weight of magnitude against duplication (1 = top magnitude)"),
                        ParamSpec.choice("scale", "ratio", List.of("ratio", "rank", "minmax_log"),
                                "how magnitude is scaled to [0, 1]: m / max m, by rank, or min-max of log m"),
                        ParamSpec.integer("chunk0", d.chunk0(), 1, Integer.MAX_VALUE, "tokens admitted in the first PC-MMR round"),
                        ParamSpec.real("growth", d.growth(), 1, 1e9, "factor by which the chunk grows each round"),
                        ParamSpec.integer("chunk_max", d.chunkMax(), 1, Integer.MAX_VALUE, "the largest chunk (>= chunk0)"),
                        ParamSpec.real("pool", d.pool(), 1, 1e9, "candidate pool per round as a multiple of the chunk"),
                        ParamSpec.realAbove("guard", d.guard(), 0, 1,
                                "a candidate more duplicated than this with a token admitted in the same round waits a round")));
    }

    @Override
    public Pruner create(PrunerParams params) {
        return new IwpPruner(IwpConfig.from(params));
    }
}
