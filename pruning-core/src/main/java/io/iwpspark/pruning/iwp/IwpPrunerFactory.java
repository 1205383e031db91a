package io.iwpspark.pruning.iwp;

import io.iwpspark.pruning.Pruner;
import io.iwpspark.pruning.PrunerFactory;
import io.iwpspark.pruning.PrunerParams;
import java.util.Set;

/** Registers "iwp" with the parameters of {@link IwpConfig}. */
public final class IwpPrunerFactory implements PrunerFactory {
    @Override
    public String name() {
        return IwpPruner.NAME;
    }

    @Override
    public Set<String> parameters() {
        return IwpConfig.PARAMETERS;
    }

    @Override
    public Pruner create(PrunerParams params) {
        return new IwpPruner(IwpConfig.from(params));
    }
}
