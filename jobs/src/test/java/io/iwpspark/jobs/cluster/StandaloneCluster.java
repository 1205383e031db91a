package io.iwpspark.jobs.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.launcher.JavaModuleOptions;

/**
 * A Spark standalone cluster on loopback, each daemon its own JVM: one Master and {@code workers}
 * Workers of 1 core each, on random free ports, with work dirs under {@code dir}. Jobs go in through
 * {@link #submit} (org.apache.spark.deploy.SparkSubmit, its own JVM, client mode).
 */
final class StandaloneCluster implements AutoCloseable {
    static final String WORKER_MEMORY = "1g";

    private final Path dir;
    private final Path sparkHome;
    private final String masterUrl;
    private final List<JvmProcess> processes = new ArrayList<>();
    private final List<JvmProcess> workers = new ArrayList<>();

    private StandaloneCluster(Path dir, Path sparkHome, String masterUrl) {
        this.dir = dir;
        this.sparkHome = sparkHome;
        this.masterUrl = masterUrl;
    }

    static StandaloneCluster start(Path dir, Path classpathFile, int workers) throws IOException, InterruptedException {
        Path home = SparkHome.create(Files.createDirectories(dir.resolve("spark-home")), classpathFile);
        int port = freePort();
        StandaloneCluster c = new StandaloneCluster(dir, home, "spark://127.0.0.1:" + port);
        JvmProcess master = c.launch("master", "org.apache.spark.deploy.master.Master",
                List.of("--host", "127.0.0.1", "--port", Integer.toString(port), "--webui-port", "0"));
        master.awaitLog("elected leader", Duration.ofSeconds(90));
        for (int i = 0; i < workers; i++) {
            Path work = Files.createDirectories(dir.resolve("worker-" + i));
            JvmProcess w = c.launch("worker-" + i, "org.apache.spark.deploy.worker.Worker",
                    List.of("--host", "127.0.0.1", "--webui-port", "0", "--cores", "1", "--memory", WORKER_MEMORY,
                            "--work-dir", work.toString(), c.masterUrl));
            c.workers.add(w);
        }
        for (JvmProcess w : c.workers) {
            w.awaitLog("Successfully registered with master", Duration.ofSeconds(90));
        }
        return c;
    }

    String masterUrl() {
        return masterUrl;
    }

    List<JvmProcess> workers() {
        return List.copyOf(workers);
    }

    List<JvmProcess> processes() {
        return List.copyOf(processes);
    }

    /** Starts {@code SparkSubmit <submitArgs>} (client mode, the driver is that JVM); returns at once. */
    JvmProcess submit(String name, List<String> submitArgs, Map<String, String> env) throws IOException {
        List<String> args = new ArrayList<>(List.of("--master", masterUrl, "--deploy-mode", "client"));
        args.addAll(submitArgs);
        List<String> jvm = new ArrayList<>(List.of("-Xmx1g"));
        jvm.addAll(Arrays.asList(JavaModuleOptions.defaultModuleOptionArray()));
        return launch(name, jvm, "org.apache.spark.deploy.SparkSubmit", args, env);
    }

    private JvmProcess launch(String name, String mainClass, List<String> args) throws IOException {
        List<String> jvm = new ArrayList<>(List.of("-Xmx256m"));
        jvm.addAll(Arrays.asList(JavaModuleOptions.defaultModuleOptionArray()));
        return launch(name, jvm, mainClass, args, Map.of());
    }

    private JvmProcess launch(String name, List<String> jvm, String mainClass, List<String> args,
            Map<String, String> env) throws IOException {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("SPARK_HOME", sparkHome.toString());
        all.put("SPARK_LOCAL_IP", "127.0.0.1");
        // A real distribution's launcher finds the Scala version from its layout; this SPARK_HOME has jars/ only.
        all.put("SPARK_SCALA_VERSION", "2.13");
        all.put("SPARK_LOCAL_DIRS", Files.createDirectories(dir.resolve("local-" + name)).toString());
        JvmProcess p = JvmProcess.start(name, dir, SparkHome.classpath(sparkHome), jvm, mainClass, args, all);
        processes.add(p);
        return p;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Stops every process this cluster started, the submitted drivers first, the Master last; unlinks the jars. */
    @Override
    public void close() throws InterruptedException {
        List<JvmProcess> reversed = new ArrayList<>(processes);
        java.util.Collections.reverse(reversed);
        for (JvmProcess p : reversed) {
            p.close();
        }
        SparkHome.unlink(sparkHome);
    }
}
