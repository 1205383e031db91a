package io.iwpspark.jobs.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * A Spark distribution as the cluster tests need it: {@code jars/} holding (links to) Spark's own
 * runtime classpath, which Maven wrote to {@code iwp.cluster.sparkClasspath} in pre-integration-test
 * (the jobs module's runtime classpath less what iwp-jobs.jar bundles). A standalone Worker builds
 * its executors' classpath from {@code SPARK_HOME/jars}, so whatever the job needs beyond Spark must
 * come from the submitted jar, as on a real cluster.
 */
final class SparkHome {
    private SparkHome() {}

    /** Creates {@code dir/jars} with one link per jar of the classpath file; returns {@code dir}. */
    static Path create(Path dir, Path classpathFile) throws IOException {
        if (!Files.isRegularFile(classpathFile)) {
            throw new IllegalStateException("Spark classpath file " + classpathFile + " does not exist; run the ITs "
                    + "through Maven (mvn -pl jobs verify), whose pre-integration-test phase writes it");
        }
        Path jars = Files.createDirectories(dir.resolve("jars"));
        Set<String> names = new HashSet<>();
        for (String entry : Files.readString(classpathFile).trim().split(java.io.File.pathSeparator)) {
            Path jar = Path.of(entry);
            if (!entry.endsWith(".jar") || !Files.isRegularFile(jar)) {
                throw new IllegalStateException("Spark classpath entry " + entry + " is not a jar file");
            }
            String name = jar.getFileName().toString();
            if (!names.add(name)) {
                throw new IllegalStateException("two Spark classpath jars are named " + name);
            }
            Files.createSymbolicLink(jars.resolve(name), jar);
        }
        if (names.stream().noneMatch(n -> n.startsWith("spark-core_"))) {
            throw new IllegalStateException("no spark-core jar among the " + names.size() + " jars of " + classpathFile);
        }
        return dir;
    }

    /** Removes the links again (a temp-dir cleanup would warn about every link that points outside it). */
    static void unlink(Path home) {
        Path jars = home.resolve("jars");
        if (!Files.isDirectory(jars)) {
            return;
        }
        try (var links = Files.list(jars)) {
            for (Path link : links.toList()) {
                Files.deleteIfExists(link);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot remove the jar links in " + jars, e);
        }
    }

    /** The classpath of a JVM that runs Spark's own classes (Master, Worker, SparkSubmit). */
    static String classpath(Path home) {
        return home.resolve("jars") + "/*";
    }
}
