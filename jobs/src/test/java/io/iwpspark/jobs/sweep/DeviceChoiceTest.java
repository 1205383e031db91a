package io.iwpspark.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

/** The mapping from (device setting, the GPU Spark assigned, the GPUs PyTorch sees) to a DJL device. */
class DeviceChoiceTest {
    @Test
    void cpuIgnoresAnAssignedGpu() {
        assertEquals(Device.cpu(), DeviceChoice.choose("cpu", null, 0));
        assertEquals(Device.cpu(), DeviceChoice.choose("cpu", "1", 2));
    }

    @Test
    void autoTakesTheAssignedGpuElseCpu() {
        assertEquals(Device.cpu(), DeviceChoice.choose("auto", null, 0));
        assertEquals(Device.cpu(), DeviceChoice.choose("auto", null, 4));
        assertEquals(Device.gpu(1), DeviceChoice.choose("auto", "1", 2));
        assertEquals(Device.gpu(0), DeviceChoice.choose("auto", " 0 ", 1), "addresses are trimmed");
    }

    @Test
    void gpuTakesTheAssignedOrdinal() {
        assertEquals(Device.gpu(3), DeviceChoice.choose("gpu", "3", 4));
    }

    @Test
    void gpuWithoutAnAssignmentNamesTheSparkSettings() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> DeviceChoice.choose("gpu", null, 2));
        assertTrue(e.getMessage().contains("spark.task.resource.gpu.amount"), e.getMessage());
        assertTrue(e.getMessage().contains("spark.executor.resource.gpu.amount"), e.getMessage());
    }

    @Test
    void anAssignedGpuWithoutCudaNamesPytorchLibraryPath() {
        for (String setting : new String[] {"gpu", "auto"}) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> DeviceChoice.choose(setting, "0", 0), setting);
            assertTrue(e.getMessage().contains("PYTORCH_LIBRARY_PATH"), e.getMessage());
            assertTrue(e.getMessage().contains("GPU 0"), e.getMessage());
            assertTrue(e.getMessage().contains("2.7.1"), e.getMessage());
        }
    }

    @Test
    void anAddressPyTorchCannotSeeIsRejected() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> DeviceChoice.choose("gpu", "2", 2));
        assertTrue(e.getMessage().contains("2 CUDA device(s)"), e.getMessage());
        IllegalStateException n = assertThrows(IllegalStateException.class, () -> DeviceChoice.choose("gpu", "-1", 2));
        assertTrue(n.getMessage().contains("-1"), n.getMessage());
    }

    @Test
    void anAddressThatIsNoOrdinalIsRejected() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DeviceChoice.choose("gpu", "GPU-8f2c", 2));
        assertTrue(e.getMessage().contains("\"GPU-8f2c\"") && e.getMessage().contains("CUDA ordinal"), e.getMessage());
    }

    @Test
    void outsideASparkTaskNoGpuIsAssigned() {
        assertEquals(Device.cpu(), DeviceChoice.forCurrentTask("auto"));
        assertEquals(Device.cpu(), DeviceChoice.forCurrentTask("cpu"));
        assertThrows(IllegalStateException.class, () -> DeviceChoice.forCurrentTask("gpu"));
    }
}
