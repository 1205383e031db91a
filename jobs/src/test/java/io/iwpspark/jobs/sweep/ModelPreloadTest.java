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
                RuntimeSettings.of(SweepJobTest.MODEL.toString(), "gpu", 4)).isEmpty(),
                "device gpu: no load started on the driver");
        assertEquals(0, ModelCache.loaded(), "device gpu: nothing loaded on the driver");

        RuntimeSettings auto = RuntimeSettings.of(SweepJobTest.MODEL.toString(), "auto", 4);
        Thread loading = ModelCache.preloadIfLocal(spark.sparkContext(), auto)
                .orElseThrow(() -> new AssertionError("device auto in local Spark: a load started"));
        loading.join(60_000);
        assertFalse(loading.isAlive(), "the preload finished within 60 s");
        assertEquals(1, ModelCache.loaded(), "device auto in local Spark: loaded ahead");
        Lvlm ahead = ModelCache.get(Path.of(auto.model()), Device.cpu(), DataType.FLOAT32);
        assertSame(ahead, ModelCache.get(Path.of(auto.model()), Device.cpu(), EvaluatePartition.dtype(auto)),
                "a task's request finds the preloaded instance");
        assertEquals(1, ModelCache.loaded(), "still one model in the JVM");
    }
}
