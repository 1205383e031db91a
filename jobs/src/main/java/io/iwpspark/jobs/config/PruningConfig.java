package io.iwpspark.jobs.config;

import io.iwpspark.jobs.schema.ConfigId;
import io.iwpspark.pruning.Pruner;
import io.iwpspark.pruning.PrunerRegistry;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * One point of a sweep: a method, a budget and its parameters. Serializable text only, so it
 * travels to executors, which build the {@link Pruner} there.
 */
public record PruningConfig(String method, int budget, Map<String, String> params) implements Serializable {
    public PruningConfig {
        if (method == null || method.isBlank()) {
            throw new IllegalArgumentException("method must be named, found \"" + method + "\"");
        }
        if (budget <= 0) {
            throw new IllegalArgumentException("budget must be > 0, found " + budget + " for method " + method);
        }
        params = new TreeMap<>(params);
    }

    public String id() {
        return ConfigId.of(method, budget, params);
    }

    /** Builds the pruner, validating the parameters (IllegalArgumentException names the bad one). */
    public Pruner pruner(PrunerRegistry registry) {
        return registry.create(method, params);
    }
}
