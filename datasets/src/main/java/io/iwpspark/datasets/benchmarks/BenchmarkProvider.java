package io.iwpspark.datasets.benchmarks;

/** A benchmark, found through META-INF/services/io.iwpspark.datasets.benchmarks.BenchmarkProvider. */
public interface BenchmarkProvider {
    BenchmarkDefinition definition();
}
