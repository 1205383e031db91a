package io.iwpspark.lvlm.generation;

import io.iwpspark.pruning.Pruner;

/**
 * One configuration to generate from a prepared sample.
 *
 * @param pruner null for the unpruned run
 * @param budget the pruner's budget (ignored when unpruned)
 * @param options its generation settings (configurations of one batch may differ)
 */
public record GenerationRequest(Pruner pruner, int budget, GenerationOptions options) {
    public GenerationRequest {
        if (options == null) {
            throw new IllegalArgumentException("generation options must be set");
        }
    }
}
