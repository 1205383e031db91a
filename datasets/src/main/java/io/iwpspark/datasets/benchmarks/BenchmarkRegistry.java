package io.iwpspark.datasets.benchmarks;

import java.util.Collections;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The benchmarks found on the class path, by stable name; two with one name is an error. */
public final class BenchmarkRegistry {
    private final Map<String, BenchmarkDefinition> byName;

    private BenchmarkRegistry(Map<String, BenchmarkDefinition> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    public static BenchmarkRegistry load() {
        return of(ServiceLoader.load(BenchmarkProvider.class, BenchmarkRegistry.class.getClassLoader()));
    }

    public static BenchmarkRegistry of(Iterable<BenchmarkProvider> found) {
        Map<String, BenchmarkDefinition> m = new TreeMap<>();
        Map<String, String> from = new TreeMap<>();
        for (BenchmarkProvider p : found) {
            BenchmarkDefinition d = p.definition();
            if (m.putIfAbsent(d.name(), d) != null) {
                throw new IllegalStateException("two benchmarks are named \"" + d.name() + "\": "
                        + from.get(d.name()) + " and " + p.getClass().getName());
            }
            from.put(d.name(), p.getClass().getName());
        }
        return new BenchmarkRegistry(m);
    }

    public Map<String, BenchmarkDefinition> all() {
        return byName;
    }

    /** The same benchmarks, {@code name} scored by {@code scorer} instead (a scoring option of the sweep). */
    public BenchmarkRegistry withScorer(String name, io.iwpspark.datasets.scorers.Scorer scorer) {
        BenchmarkDefinition d = get(name);
        Map<String, BenchmarkDefinition> m = new TreeMap<>(byName);
        m.put(name, new BenchmarkDefinition(d.name(), d.split(), d.answerType(), d.prompt(), scorer, d.higherIsBetter(),
                d.version()));
        return new BenchmarkRegistry(m);
    }

    public BenchmarkDefinition get(String name) {
        BenchmarkDefinition d = byName.get(name);
        if (d == null) {
            throw new IllegalArgumentException("unknown benchmark \"" + name + "\"; known: " + byName.keySet());
        }
        return d;
    }
}
