package io.iwpspark.pruning;

import java.util.Collections;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The pruners found on the class path, by stable name; a duplicate name is an error. */
public final class PrunerRegistry {
    private final Map<String, PrunerFactory> factories;

    private PrunerRegistry(Map<String, PrunerFactory> factories) {
        this.factories = Collections.unmodifiableMap(factories);
    }

    /** Loads every {@link PrunerFactory} that ServiceLoader finds with this class's loader. */
    public static PrunerRegistry load() {
        return of(ServiceLoader.load(PrunerFactory.class, PrunerRegistry.class.getClassLoader()));
    }

    public static PrunerRegistry of(Iterable<PrunerFactory> found) {
        Map<String, PrunerFactory> byName = new TreeMap<>();
        for (PrunerFactory f : found) {
            PrunerFactory previous = byName.putIfAbsent(f.name(), f);
            if (previous != null) {
                throw new IllegalStateException("two pruners are named \"" + f.name() + "\": "
                        + previous.getClass().getName() + " and " + f.getClass().getName());
            }
        }
        return new PrunerRegistry(byName);
    }

    public Map<String, PrunerFactory> factories() {
        return factories;
    }

    public PrunerFactory factory(String name) {
        PrunerFactory f = factories.get(name);
        if (f == null) {
            throw new IllegalArgumentException(
                    "unknown pruner name \"" + name + "\"; known: " + factories.keySet());
        }
        return f;
    }

    /** Builds the named pruner, rejecting unknown parameter names before the factory reads them. */
    public Pruner create(String name, Map<String, String> params) {
        PrunerFactory f = factory(name);
        PrunerParams p = new PrunerParams(name, params).requireOnly(f.parameters());
        return f.create(p);
    }
}
