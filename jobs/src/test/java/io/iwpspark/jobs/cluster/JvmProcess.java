package io.iwpspark.jobs.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM the cluster tests started (Master, Worker, spark-submit), stdout and stderr in one log file.
 * Closing it ends the process and everything it started (a Worker's executors), by process id.
 */
final class JvmProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    private JvmProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code java -cp classpath [jvmOptions] mainClass args} in {@code dir} with {@code env} added. */
    static JvmProcess start(String name, Path dir, String classpath, List<String> jvmOptions, String mainClass,
            List<String> args, Map<String, String> env) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(classpath);
        command.addAll(jvmOptions);
        command.add(mainClass);
        command.addAll(args);
        Path log = dir.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return new JvmProcess(name, pb.start(), log);
    }

    String name() {
        return name;
    }

    Process process() {
        return process;
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** Waits until the log matches {@code regex}; returns the match's first group (or the whole match). */
    String awaitLog(String regex, Duration timeout) throws IOException, InterruptedException {
        Pattern p = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = p.matcher(log());
            if (m.find()) {
                return m.groupCount() > 0 ? m.group(1) : m.group();
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with status " + process.exitValue()
                        + " before its log showed /" + regex + "/; log:\n" + tail(60));
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " did not log /" + regex + "/ within " + timeout + "; log:\n" + tail(60));
    }

    /** The last {@code lines} lines of the log. */
    String tail(int lines) throws IOException {
        List<String> all = log().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** Kills the process and its descendants at once (SIGKILL), as a lost node would go. */
    void kill() {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : tree) {
            h.onExit().join();
        }
    }

    /** Asks the process to stop (its shutdown hooks run), then kills whatever of its tree is left. */
    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(Duration.ofSeconds(15).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
        }
        for (ProcessHandle h : descendants) {
            h.destroyForcibly();
            h.onExit().join();
        }
    }
}
