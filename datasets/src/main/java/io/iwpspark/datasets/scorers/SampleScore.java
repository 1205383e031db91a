package io.iwpspark.datasets.scorers;

/**
 * The score of one prediction, with what an aggregate needs to regroup it.
 *
 * @param sampleId the sample's id
 * @param category the sample's category (POPE split, MME subtask, ...)
 * @param group    the unit scored together: MME image, MMBench circular group; else the sample id
 * @param parsed   the prediction as the official script reads it ("yes", "B", normalised text)
 * @param expected the reference the parsed prediction was compared with
 * @param score    per-sample score in [0, 1]
 */
public record SampleScore(String sampleId, String category, String group, String parsed, String expected,
                          double score) {
    public SampleScore {
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score: expected 0..1 but found " + score + " for " + sampleId);
        }
    }
}
