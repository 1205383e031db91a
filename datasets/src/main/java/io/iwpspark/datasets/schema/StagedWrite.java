package io.iwpspark.datasets.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Crash-safe table writes: Spark writes into a fresh sibling of the target ("name.staging-UUID"; not a
 * hidden name, since Spark refuses to read a path whose own name starts with "." or "_"), and only a
 * finished write is published, by rename. A killed write therefore leaves only a staging folder,
 * never a half-written table under the target's name, and a later write never merges a killed one's task output (each write has its own
 * folder, so Hadoop's committer never sees another's {@code _temporary}). Works on any Hadoop file
 * system whose rename is atomic (local, HDFS); on object stores a rename is a copy.
 */
public final class StagedWrite {
    private static final String STAGING = ".staging-";

    private StagedWrite() {}

    /**
     * Runs {@code writer} on a fresh staging path, then publishes it as {@code target} by one rename. An
     * existing target is replaced: moved aside first, deleted after the new one is in place.
     */
    public static void table(SparkSession spark, String target, Consumer<String> writer) {
        FileSystem fs = fs(spark, new Path(target));
        Path to = fs.makeQualified(new Path(target));
        Path staged = staging(to);
        writer.accept(staged.toString());
        faultPoint(to.getName() + ":before-publish");
        try {
            Path aside = null;
            if (fs.exists(to)) {
                aside = new Path(to.getParent(), to.getName() + ".replaced-" + UUID.randomUUID());
                rename(fs, to, aside);
            }
            rename(fs, staged, to);
            if (aside != null) {
                fs.delete(aside, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("publishing " + staged + " as " + target, e);
        }
    }

    /**
     * Crash-test hook: when the system property {@code iwp.fault} equals {@code point}, the JVM halts
     * at once with status 137 (no shutdown hooks, no finally blocks: as {@code kill -9}), so a test can
     * kill a run at a chosen point. Points: "{table name}:before-publish" here, and the sweep's
     * "wave-N:before-publish" and "wave-N:published".
     */
    public static void faultPoint(String point) {
        if (point.equals(System.getProperty("iwp.fault"))) {
            Runtime.getRuntime().halt(137);
        }
    }

    /** A fresh staging path beside {@code target} (not created). */
    public static Path staging(Path target) {
        return new Path(target.getParent(), target.getName() + STAGING + UUID.randomUUID());
    }

    /**
     * Moves every data file of the finished write {@code staged} into the folder {@code target}
     * (created if missing), each by one atomic rename, then deletes {@code staged}. Returns the
     * number of files moved. A kill in between leaves whole files only, in one place or the other.
     */
    public static int publishFiles(SparkSession spark, String staged, String target) {
        Path from = new Path(staged);
        Path to = new Path(target);
        FileSystem fs = fs(spark, to);
        try {
            fs.mkdirs(to);
            int moved = 0;
            for (FileStatus f : fs.listStatus(from)) {
                String name = f.getPath().getName();
                if (f.isFile() && !name.startsWith("_") && !name.startsWith(".")) {
                    rename(fs, f.getPath(), new Path(to, name));
                    moved++;
                }
            }
            fs.delete(from, true);
            return moved;
        } catch (IOException e) {
            throw new UncheckedIOException("publishing the files of " + staged + " into " + target, e);
        }
    }

    /** Deletes the staging folders of {@code target} that killed writes left; returns how many. */
    public static int removeLeftovers(SparkSession spark, String target) {
        FileSystem fs = fs(spark, new Path(target));
        Path to = fs.makeQualified(new Path(target));
        String prefix = to.getName() + STAGING;
        try {
            if (!fs.exists(to.getParent())) {
                return 0;
            }
            int removed = 0;
            for (FileStatus f : fs.listStatus(to.getParent())) {
                if (f.getPath().getName().startsWith(prefix)) {
                    fs.delete(f.getPath(), true);
                    removed++;
                }
            }
            return removed;
        } catch (IOException e) {
            throw new UncheckedIOException("removing staging leftovers beside " + target, e);
        }
    }

    /** True when {@code path} is a folder that a killed direct Spark write left: {@code _temporary}, no {@code _SUCCESS}. */
    public static boolean halfWritten(SparkSession spark, String path) {
        Path p = new Path(path);
        FileSystem fs = fs(spark, p);
        try {
            return fs.exists(new Path(p, "_temporary")) && !fs.exists(new Path(p, "_SUCCESS"));
        } catch (IOException e) {
            throw new UncheckedIOException("checking " + path, e);
        }
    }

    private static void rename(FileSystem fs, Path from, Path to) throws IOException {
        if (!fs.rename(from, to)) {
            throw new IOException("rename of " + from + " to " + to + " failed");
        }
    }

    private static FileSystem fs(SparkSession spark, Path p) {
        try {
            return p.getFileSystem(spark.sparkContext().hadoopConfiguration());
        } catch (IOException e) {
            throw new UncheckedIOException("no file system for " + p, e);
        }
    }
}
