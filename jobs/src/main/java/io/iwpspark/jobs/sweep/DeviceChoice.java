package io.iwpspark.jobs.sweep;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * Maps a Spark task's assigned GPU (spark.task.resource.gpu.amount with a discovery script) to a
 * DJL device. Maven Central has DJL's CPU natives only: a GPU node must bring a CUDA libtorch
 * 2.7.1 (PYTORCH_LIBRARY_PATH, or DJL's engine cache prepared on the node; docs/CLUSTER.md).
 */
public final class DeviceChoice {
    private DeviceChoice() {}

    /**
     * @param setting cpu, gpu or auto (SweepConfig.device)
     * @param assignedGpu the GPU address Spark gave the task, or null
     * @param cudaDevices GPUs the loaded PyTorch engine can see
     */
    public static Device choose(String setting, String assignedGpu, int cudaDevices) {
        if (setting.equals("cpu") || (setting.equals("auto") && assignedGpu == null)) {
            return Device.cpu();
        }
        if (assignedGpu == null) {
            throw new IllegalStateException("device: gpu asked for, but Spark assigned this task no GPU; set "
                    + "spark.executor.resource.gpu.amount and spark.task.resource.gpu.amount (conf/cluster-gpu.conf)");
        }
        if (cudaDevices == 0) {
            throw new IllegalStateException("device: Spark assigned GPU " + assignedGpu + " but the PyTorch engine "
                    + "loaded without CUDA; point PYTORCH_LIBRARY_PATH at a CUDA libtorch 2.7.1 on the node "
                    + "(docs/CLUSTER.md)");
        }
        int id;
        try {
            id = Integer.parseInt(assignedGpu.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("device: GPU address \"" + assignedGpu + "\" from the discovery script "
                    + "is not a CUDA ordinal", e);
        }
        if (id < 0 || id >= cudaDevices) {
            throw new IllegalStateException("device: GPU address " + id + " is outside the " + cudaDevices
                    + " CUDA device(s) PyTorch sees");
        }
        return Device.gpu(id);
    }

    /** The device for the running task. */
    public static Device forCurrentTask(String setting) {
        TaskContext task = TaskContext.get();
        String gpu = null;
        if (task != null) {
            ResourceInformation info = task.resourcesJMap().get("gpu");
            if (info != null && info.addresses().length > 0) {
                gpu = info.addresses()[0];
            }
        }
        int cuda = setting.equals("cpu") || gpu == null ? 0 : Engine.getEngine("PyTorch").getGpuCount();
        return choose(setting, gpu, cuda);
    }
}
