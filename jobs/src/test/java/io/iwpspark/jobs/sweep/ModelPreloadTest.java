package io.iwpspark.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.iwpspark.jobs.SparkTestSession;
import io.iwpspark.jobs.config.RuntimeSettings;
import io.iwpspark.lvlm.Lvlm;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * In local Spark the driver starts loading the model the CPU tasks will ask for, and the tasks get that same
 * instance (one model per JVM); a sweep that asks for a GPU loads nothing ahead.
 */
class ModelPreloadTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start("ModelPreloadTest");
    }

    @AfterAll
    static void stop() {
        ModelCache.closeAll();
        spark.stop();
    }

    @Test
    void localCpuSweepsFindTheModelLoadedAhead() throws Exception {
        ModelCache.closeAll();
        assertTrue(ModelCache.preloadIfLocal(spark.sparkContext(),
                RuntimeSettings.of(SweepJobTest.MODEL.toString(), "gpu", 4), () -> {}).isEmpty(),
                "device gpu: no load started on the driver");
        assertEquals(0, ModelCache.loaded(), "device gpu: nothing loaded on the driver");

        RuntimeSettings auto = RuntimeSettings.of(SweepJobTest.MODEL.toString(), "auto", 4);
        java.util.concurrent.atomic.AtomicInteger after = new java.util.concurrent.atomic.AtomicInteger();
        Thread loading = ModelCache.preloadIfLocal(spark.sparkContext(), auto, after::incrementAndGet)
                .orElseThrow(() -> new AssertionError("device auto in local Spark: a load started"));
        loading.join(60_000);
        assertFalse(loading.isAlive(), "the preload finished within 60 s");
        assertEquals(1, ModelCache.loaded(), "device auto in local Spark: loaded ahead");
        assertEquals(1, after.get(), "the preload thread ran what follows the load (the warm-up) once");
        Lvlm ahead = ModelCache.get(Path.of(auto.model()), Device.cpu(), DataType.FLOAT32);
        assertSame(ahead, ModelCache.get(Path.of(auto.model()), Device.cpu(), EvaluatePartition.dtype(auto)),
                "a task's request finds the preloaded instance");
        assertEquals(1, ModelCache.loaded(), "still one model in the JVM");
    }

    /** A warm-up evaluates warmup_samples synthetic samples with the sweep's configurations, none once stopped. */
    @Test
    void theWarmUpRunsItsSamplesUnlessStopped() {
        RuntimeSettings settings = RuntimeSettings.of(SweepJobTest.MODEL.toString(), "cpu", 2).withWarmupSamples(3);
        io.iwpspark.pruning.PrunerRegistry registry = io.iwpspark.pruning.PrunerRegistry.load();
        java.util.List<io.iwpspark.jobs.config.PruningConfig> configs = java.util.List.of(
                io.iwpspark.jobs.config.PruningConfig.canonical(registry, "iwp", 4, java.util.Map.of()),
                io.iwpspark.jobs.config.PruningConfig.canonical(registry, "fastv", 8, java.util.Map.of("k", "1")));
        WarmUp warmUp = new WarmUp(settings, configs);
        warmUp.run();
        assertEquals(3, warmUp.done(), "three samples evaluated");
        assertEquals(0, warmUp.errorRows(), "the synthetic samples evaluate without error rows on this model");

        WarmUp stopped = new WarmUp(settings, configs);
        stopped.stop();
        stopped.run();
        assertEquals(0, stopped.done(), "a warm-up stopped before it ran evaluates nothing");

        WarmUp none = new WarmUp(settings.withWarmupSamples(0), configs);
        none.run();
        assertEquals(0, none.done(), "warmup_samples 0: nothing");
    }
}
