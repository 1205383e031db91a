package io.iwpspark.lvlm;

import io.iwpspark.lvlm.generation.Generation;
import io.iwpspark.lvlm.generation.GenerationOptions;
import io.iwpspark.lvlm.generation.GenerationOutcome;
import io.iwpspark.lvlm.generation.GenerationRequest;
import io.iwpspark.lvlm.generation.SampleRequest;
import io.iwpspark.lvlm.runtime.PrepareOptions;
import io.iwpspark.lvlm.runtime.PreparedSample;
import io.iwpspark.pruning.Pruner;
import java.util.ArrayList;
import java.util.List;

/**
 * A loaded vision-language model, whatever its family: the one type the jobs see.
 *
 * <pre>
 * try (Lvlm model = ModelFamilies.load(dir, Device.cpu(), DataType.FLOAT32);
 *      PreparedSample s = model.prepare(Media.image(image), question, PrepareOptions.defaults())) {
 *     Generation base = model.generate(s, null, 0, GenerationOptions.defaults());
 *     Generation iwp = model.generate(s, pruner, 64, GenerationOptions.defaults());
 * }
 * </pre>
 *
 * <p>Thread safety: weights are read-only, so several threads may prepare and generate on different
 * samples; one sample serves one generation at a time.
 */
public interface Lvlm extends AutoCloseable {
    ModelCard card();

    /** The prompt ids of a question about {@code media} through the checkpoint's chat template, one placeholder unexpanded. */
    int[] promptIds(String question, Media.Kind media);

    /**
     * The shared prefix of one sample: visual tokens, the expanded prompt, decoder layers before the
     * first stage of any configuration (see {@link PrepareOptions}).
     */
    PreparedSample prepare(Media media, String question, PrepareOptions options);

    /**
     * One configuration's generation from a prepared sample.
     *
     * @param pruner null for the unpruned run
     * @param budget the pruner's budget (ignored when unpruned)
     */
    Generation generate(PreparedSample sample, Pruner pruner, int budget, GenerationOptions options);

    /**
     * Every request's generation from one prepared sample, in request order, each the same as
     * {@link #generate} would give (ids exact, logits within float rounding). {@code batchSize} > 1
     * lets a family continue that many configurations as one batch; this default runs them one by
     * one. A request that fails carries its error; the others go on.
     */
    default List<GenerationOutcome> generateAll(PreparedSample sample, List<GenerationRequest> requests, int batchSize) {
        return generateAll(requests.stream().map(r -> new SampleRequest(sample, r)).toList(), batchSize);
    }

    /**
     * The same over requests of several prepared samples, each tied to its own: a family may continue
     * {@code batchSize} consecutive requests as one batch whichever samples they come from; results in
     * request order, each as {@link #generate} on its own sample gives. This default runs them one by one.
     */
    default List<GenerationOutcome> generateAll(List<SampleRequest> requests, int batchSize) {
        List<GenerationOutcome> out = new ArrayList<>();
        for (SampleRequest sr : requests) {
            GenerationRequest r = sr.request();
            try {
                out.add(new GenerationOutcome(generate(sr.sample(), r.pruner(), r.budget(), r.options()), null));
            } catch (RuntimeException e) {
                out.add(new GenerationOutcome(null, e));
            }
        }
        return out;
    }

    /** Float32 logits (S, V) at every prompt position of an unpruned prefix that ran every layer. */
    float[][] promptLogits(PreparedSample sample);

    @Override
    void close();
}
