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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
                RuntimeSettings.of(SweepJobTest.MODEL.toString(), "gpu", 4), counting(new AtomicInteger())).isEmpty(),
                "device gpu: no load started on the driver");
        assertEquals(0, ModelCache.loaded(), "device gpu: nothing loaded on the driver");

        RuntimeSettings auto = RuntimeSettings.of(SweepJobTest.MODEL.toString(), "auto", 4);
        AtomicInteger after = new AtomicInteger();
        Thread loading = ModelCache.preloadIfLocal(spark.sparkContext(), auto, counting(after))
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

    /**
     * closeAll asks the work after a preload (the warm-up, running forward passes on the cached model) to stop and
     * waits for it before closing the model: closing it under a running pass aborted the test JVM at exit.
     */
    @Test
    void closingTheCacheWaitsForTheWorkAfterALoad() throws Exception {
        ModelCache.closeAll();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch stopAsked = new CountDownLatch(1);
        AtomicBoolean modelOpenAtItsEnd = new AtomicBoolean();
        AtomicBoolean ended = new AtomicBoolean();
        RuntimeSettings cpu = RuntimeSettings.of(SweepJobTest.MODEL.toString(), "cpu", 4);
        ModelCache.AfterLoad work = new ModelCache.AfterLoad() {
            @Override
            public void run() {
                started.countDown();
                try {
                    stopAsked.await(60, TimeUnit.SECONDS);
                    Thread.sleep(200); // the rest of a sample in progress
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                modelOpenAtItsEnd.set(ModelCache.loaded() == 1);
                ended.set(true);
            }

            @Override
            public void stop() {
                stopAsked.countDown();
            }
        };
        Thread loading = ModelCache.preloadIfLocal(spark.sparkContext(), cpu, work)
                .orElseThrow(() -> new AssertionError("device cpu in local Spark: a load started"));
        assertTrue(started.await(60, TimeUnit.SECONDS), "the work after the load started within 60 s");
        ModelCache.closeAll();
        assertEquals(0, stopAsked.getCount(), "closeAll asked the work to stop");
        assertTrue(ended.get(), "closeAll returned only once the work had ended");
        assertTrue(modelOpenAtItsEnd.get(), "the model was still cached (open) until the work ended");
        assertEquals(0, ModelCache.loaded(), "then the model was closed");
        loading.join(10_000);
        assertFalse(loading.isAlive(), "the preload thread ended");
    }

    /** Work after a load that counts its runs. */
    private static ModelCache.AfterLoad counting(AtomicInteger runs) {
        return new ModelCache.AfterLoad() {
            @Override
            public void run() {
                runs.incrementAndGet();
            }

            @Override
            public void stop() {}
        };
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
