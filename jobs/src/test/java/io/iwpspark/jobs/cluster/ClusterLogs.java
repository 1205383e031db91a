package io.iwpspark.jobs.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/** Prints the logs of every process a cluster test started when one of its tests fails. */
final class ClusterLogs implements TestWatcher {
    private final List<StandaloneCluster> clusters = new ArrayList<>();

    void watch(StandaloneCluster cluster) {
        clusters.add(cluster);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        for (StandaloneCluster c : clusters) {
            for (JvmProcess p : c.processes()) {
                try {
                    System.err.println("===== " + p.name() + " (last 150 lines) =====\n" + p.tail(150));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the log of " + p.name(), e);
                }
            }
        }
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {}
}
