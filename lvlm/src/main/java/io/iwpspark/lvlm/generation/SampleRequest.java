package io.iwpspark.lvlm.generation;

import io.iwpspark.lvlm.runtime.PreparedSample;

/**
 * One configuration to generate, tied to the prepared sample it continues, so that configurations of
 * several samples may run as one batch (each against its own prefix, cache and positions).
 *
 * @param sample the prepared sample (vision tower and shared prefix), open while the request runs
 * @param request the configuration
 */
public record SampleRequest(PreparedSample sample, GenerationRequest request) {
    public SampleRequest {
        if (sample == null || request == null) {
            throw new IllegalArgumentException("a sample request needs its sample and its request, found "
                    + (sample == null ? "no sample" : "no request"));
        }
    }
}
