package io.iwpspark.jobs.config;

import io.iwpspark.jobs.schema.ConfigId;
import io.iwpspark.pruning.Pruner;
import io.iwpspark.pruning.PrunerFactory;
import io.iwpspark.pruning.PrunerParams;
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

    /**
     * The configuration as its pruner reads it: the factory builds the pruner from {@code given}
     * (rejecting unknown or bad parameters), and the parameters become every value the factory read,
     * defaults included, each in one spelling ({@link io.iwpspark.pruning.PrunerParams#resolved()}).
     * So {@code iwp} and {@code {name: iwp, lambda: 0.5}} (0.5 the default), or {@code lambda: 1}
     * and {@code 1.0}, are one configuration with one id. A given parameter the factory read only as
     * raw text is kept, trimmed.
     */
    public static PruningConfig canonical(PrunerRegistry registry, String method, int budget, Map<String, String> given) {
        PrunerFactory factory = registry.factory(method);
        PrunerParams params = new PrunerParams(method, given).requireOnly(factory.parameters());
        factory.create(params);
        Map<String, String> canonical = new TreeMap<>(params.resolved());
        given.forEach((k, v) -> canonical.putIfAbsent(k, v.trim()));
        return new PruningConfig(method, budget, canonical);
    }

    public String id() {
        return ConfigId.of(method, budget, params);
    }

    /** Builds the pruner, validating the parameters (IllegalArgumentException names the bad one). */
    public Pruner pruner(PrunerRegistry registry) {
        return registry.create(method, params);
    }
}
